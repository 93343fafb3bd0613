package org.lakefsbackup.cli.scenario;

import org.lakefsbackup.testkit.real.ServerBinaries;
import org.lakefsbackup.testkit.s3.EmbeddedS3;
import org.lakefsbackup.testkit.s3.S3TestServer;

/** The scenarios against real lakeFS on the embedded S3 server (S3Proxy). */
class RealLakeFsScenariosTest extends LakeFsScenarios {
    @Override
    LakeFsBackend backend() {
        return new RealLakeFsBackend(ServerBinaries.LAKEFS_VERSION);
    }

    @Override
    final S3TestServer startS3() {
        // skip (with the reason) before starting anything when lakeFS cannot be had
        ServerBinaries.requireLakeFs(ServerBinaries.LAKEFS_VERSION);
        return startS3Server();
    }

    /** The S3 server lakeFS's block store and the backups use. */
    S3TestServer startS3Server() {
        return EmbeddedS3.start();
    }
}
