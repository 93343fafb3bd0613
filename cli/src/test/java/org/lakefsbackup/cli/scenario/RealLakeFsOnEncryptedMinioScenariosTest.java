package org.lakefsbackup.cli.scenario;

import org.lakefsbackup.testkit.real.MinioServer;
import org.lakefsbackup.testkit.real.ServerBinaries;
import org.lakefsbackup.testkit.s3.S3TestServer;

/**
 * The scenarios against real lakeFS on MinIO with SSE-KMS on every bucket: a second real S3 server, one that
 * stores checksums and whose ETags are not MD5 digests (as on AWS with SSE-KMS).
 */
class RealLakeFsOnEncryptedMinioScenariosTest extends LakeFsScenarios {
    @Override
    LakeFsBackend backend() {
        return new RealLakeFsBackend(ServerBinaries.LAKEFS_VERSION);
    }

    @Override
    S3TestServer startS3() {
        ServerBinaries.requireLakeFs(ServerBinaries.LAKEFS_VERSION);
        return MinioServer.startEncrypted();
    }
}
