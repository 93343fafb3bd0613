package org.lakefsbackup.cli.scenario;

import org.lakefsbackup.testkit.real.MinioServer;
import org.lakefsbackup.testkit.s3.S3TestServer;

/**
 * The scenarios against real lakeFS on MinIO: a second real S3 server, one that stores checksums. The encrypted
 * variant ({@link MinioServer#startEncrypted()}, SSE-KMS, ETags that are not MD5 digests) fails every backup's
 * verification until content identity stops treating ETags as MD5s (issue 7, defect 2); it joins this suite then.
 */
class RealLakeFsOnMinioScenariosTest extends RealLakeFsScenariosTest {
    @Override
    S3TestServer startS3Server() {
        return MinioServer.start();
    }
}
