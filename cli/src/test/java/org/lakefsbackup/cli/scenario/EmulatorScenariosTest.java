package org.lakefsbackup.cli.scenario;

import org.lakefsbackup.testkit.s3.EmbeddedS3;
import org.lakefsbackup.testkit.s3.S3TestServer;

/** The scenarios against the project's lakeFS emulator on the embedded S3 server. */
class EmulatorScenariosTest extends LakeFsScenarios {
    @Override
    LakeFsBackend backend() {
        return new EmulatorBackend();
    }

    @Override
    S3TestServer startS3() {
        return EmbeddedS3.start();
    }
}
