package org.lakefsbackup.cli.scenario;

import io.lakefs.clients.sdk.ApiClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.lakefsbackup.testkit.lakefs.SampleRepository;
import org.lakefsbackup.testkit.s3.S3TestServer;

/**
 * What the scenario suite runs against: the project's lakeFS emulator or a real lakeFS release. Each backend
 * starts servers whose block store is an S3 server or a local directory.
 */
interface LakeFsBackend {
    /** The webhook secret lakeFS actions may use as {@code {{ ENV.LAKEFSACTION_BACKUP_SECRET }}}. */
    String WEBHOOK_SECRET = "scenario-webhook-secret-0123456789abcdef";

    /** The environment every server's actions see (real lakeFS: its process environment). */
    Map<String, String> ACTIONS_ENVIRONMENT = Map.of("LAKEFSACTION_BACKUP_SECRET", WEBHOOK_SECRET);

    /** A short name for reports, e.g. {@code emulator} or {@code lakeFS 1.84.0}. */
    String name();

    /** Whether this is real lakeFS (the emulator is not). */
    boolean real();

    /** A lakeFS whose block store is {@code s3} (namespaces {@code s3://<bucket>/...}). */
    Server startOnS3(S3TestServer s3);

    /**
     * A lakeFS whose block store is local, rooted at {@code root}; imports allowed from {@code importPrefixes}
     * ({@code local://...}).
     */
    Server startOnLocal(Path root, List<String> importPrefixes, S3TestServer s3);

    /** One running lakeFS server. */
    interface Server extends AutoCloseable {
        /** The API base URL ending in {@code /api/v1}. */
        String endpoint();

        String accessKeyId();

        String secretAccessKey();

        /** {@code blockstore.local.path}, or {@code null} for an S3 block store. */
        Path localRoot();

        default ApiClient sdk() {
            ApiClient c = SampleRepository.client(endpoint(), accessKeyId(), secretAccessKey());
            c.setReadTimeout(120_000);
            c.setWriteTimeout(120_000);
            return c;
        }

        @Override
        void close();
    }
}
