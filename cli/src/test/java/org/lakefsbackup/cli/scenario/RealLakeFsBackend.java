package org.lakefsbackup.cli.scenario;

import java.nio.file.Path;
import java.util.List;
import org.lakefsbackup.testkit.real.RealLakeFs;
import org.lakefsbackup.testkit.real.ServerBinaries;
import org.lakefsbackup.testkit.s3.S3TestServer;

/** A real lakeFS release as child processes ({@link RealLakeFs}); skips the calling test if it cannot be built. */
final class RealLakeFsBackend implements LakeFsBackend {
    private final String version;

    RealLakeFsBackend(String version) {
        this.version = version;
    }

    @Override
    public String name() {
        return "lakeFS " + version;
    }

    @Override
    public boolean real() {
        return true;
    }

    @Override
    public Server startOnS3(S3TestServer s3) {
        return new RealServer(RealLakeFs.builder(ServerBinaries.requireLakeFs(version))
                .s3Blockstore(s3.endpoint(), s3.accessKeyId(), s3.secretAccessKey())
                .environment(ACTIONS_ENVIRONMENT).start());
    }

    @Override
    public Server startOnLocal(Path root, List<String> importPrefixes, S3TestServer s3) {
        return new RealServer(RealLakeFs.builder(ServerBinaries.requireLakeFs(version))
                .localBlockstore(root, importPrefixes).environment(ACTIONS_ENVIRONMENT).start());
    }

    /** A running real lakeFS as the suite's server. */
    record RealServer(RealLakeFs lakefs) implements Server {
        @Override
        public String endpoint() {
            return lakefs.endpoint();
        }

        @Override
        public String accessKeyId() {
            return lakefs.accessKeyId();
        }

        @Override
        public String secretAccessKey() {
            return lakefs.secretAccessKey();
        }

        @Override
        public Path localRoot() {
            return lakefs.localRoot();
        }

        @Override
        public void close() {
            lakefs.close();
        }
    }
}
