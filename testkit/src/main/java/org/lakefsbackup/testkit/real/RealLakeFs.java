package org.lakefsbackup.testkit.real;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A real lakeFS server as a child process, for tests: its own directory (generated {@code lakefs.yaml}, the local
 * KV database, the sstable cache and the log), a free port on 127.0.0.1, and an admin user created through
 * {@code POST /api/v1/setup_lakefs} with this instance's {@link #accessKeyId()}/{@link #secretAccessKey()}.
 *
 * <p>The block store is either S3 ({@link Builder#s3Blockstore}: an endpoint such as the embedded S3Proxy or
 * MinIO, path style, static credentials, region {@code us-east-1}) or local ({@link Builder#localBlockstore}:
 * namespaces {@code local://...} below a directory). Several instances run side by side (separate directories and
 * ports), e.g. to migrate between two installations. Statistics, the version check and the audit check are off, so
 * the server makes no outside calls.
 *
 * <p>Binaries come from {@link ServerBinaries#requireLakeFs}. Start waits at most {@link #READY_TIMEOUT} for
 * {@code /api/v1/healthcheck}; {@link #close()} stops the process (SIGTERM, then SIGKILL after 15 s) and keeps its
 * directory for inspection when the directory was given, deletes it otherwise. Not thread-safe.
 */
public final class RealLakeFs implements AutoCloseable {
    /** Bound on start-to-ready; lakeFS is ready in about 1-2 s on these machines. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final int START_ATTEMPTS = 3;

    private final ServerBinaries.LakeFs binaries;
    private final Path directory;
    private final boolean ownsDirectory;
    private final String blockstoreType;
    private final Path localRoot;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final int port;
    private final ServerProcess process;
    private final Map<String, String> environment;

    private RealLakeFs(Builder b) {
        this.environment = b.environment;
        this.binaries = Objects.requireNonNull(b.binaries, "binaries");
        if (b.blockstoreYaml == null) {
            throw new IllegalArgumentException("choose a block store: s3Blockstore(...), azureBlockstore(...) or localBlockstore(...)");
        }
        try {
            this.ownsDirectory = b.directory == null;
            this.directory = ownsDirectory ? Files.createTempDirectory("real-lakefs-") : Files.createDirectories(b.directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.blockstoreType = b.blockstoreType;
        this.localRoot = b.localRoot;
        this.accessKeyId = b.accessKeyId;
        this.secretAccessKey = b.secretAccessKey;
        Started started = startWithRetries(b.blockstoreYaml);
        this.port = started.port();
        this.process = started.process();
        try {
            setup();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private record Started(int port, ServerProcess process) {
    }

    private Started startWithRetries(String blockstoreYaml) {
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int candidate = ServerProcess.freePort();
            try {
                Path config = writeConfig(candidate, blockstoreYaml);
                return new Started(candidate, ServerProcess.start("lakeFS " + binaries.version(),
                        List.of(binaries.lakefs().toString(), "run", "--config", config.toString()), environment,
                        directory, directory.resolve("lakefs.log"),
                        URI.create("http://127.0.0.1:" + candidate + "/api/v1/healthcheck"), s -> s == 204,
                        READY_TIMEOUT));
            } catch (IllegalStateException e) {
                // most likely the port was taken between choosing and binding it: try another
                last = e;
            }
        }
        throw last;
    }

    /** A builder for lakeFS of the given release's binaries. */
    public static Builder builder(ServerBinaries.LakeFs binaries) {
        return new Builder(binaries);
    }

    private Path writeConfig(int listenPort, String blockstoreYaml) {
        String yaml = """
                listen_address: "127.0.0.1:%d"
                logging:
                  format: text
                  level: WARN
                database:
                  type: local
                  local:
                    path: %s
                    sync_writes: false
                auth:
                  encrypt:
                    secret_key: "real-lakefs-test-encryption-secret"
                committed:
                  local_cache:
                    dir: %s
                    size_bytes: 268435456
                stats:
                  enabled: false
                email_subscription:
                  enabled: false
                security:
                  check_latest_version: false
                  audit_check_interval: 0s
                %s""".formatted(listenPort, quote(directory.resolve("kv")), quote(directory.resolve("cache")),
                blockstoreYaml);
        try {
            return Files.writeString(directory.resolve("lakefs.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void setup() {
        String body = "{\"username\":\"admin\",\"key\":{\"access_key_id\":" + json(accessKeyId)
                + ",\"secret_access_key\":" + json(secretAccessKey) + "}}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint() + "/setup_lakefs"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request,
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("lakeFS setup answered HTTP " + response.statusCode() + ": "
                        + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("lakeFS setup failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during lakeFS setup", e);
        }
    }

    /** The API base URL, {@code http://127.0.0.1:<port>/api/v1}, as the Java SDK's {@code setBasePath} wants it. */
    public String endpoint() {
        return "http://127.0.0.1:" + port + "/api/v1";
    }

    /** The server URL without {@code /api/v1}, as lakectl's {@code server.endpoint_url} takes it. */
    public String serverUrl() {
        return "http://127.0.0.1:" + port;
    }

    public String accessKeyId() {
        return accessKeyId;
    }

    public String secretAccessKey() {
        return secretAccessKey;
    }

    /** The lakeFS release running. */
    public String version() {
        return binaries.version();
    }

    public ServerBinaries.LakeFs binaries() {
        return binaries;
    }

    /** {@code s3} or {@code local}. */
    public String blockstoreType() {
        return blockstoreType;
    }

    /** {@code blockstore.local.path} for a local block store; {@code null} for S3. */
    public Path localRoot() {
        return localRoot;
    }

    /** This instance's directory (config, KV, cache, log). */
    public Path directory() {
        return directory;
    }

    /** The server log, for failure messages. */
    public Path log() {
        return process.log();
    }

    @Override
    public void close() {
        process.close();
        if (ownsDirectory) {
            deleteTree(directory);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quote(Path p) {
        return json(p.toAbsolutePath().toString());
    }

    /** A JSON string literal, which YAML reads as a double-quoted scalar. */
    static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** Configures a lakeFS instance; a block store is required. */
    public static final class Builder {
        private final ServerBinaries.LakeFs binaries;
        private Path directory;
        private String blockstoreType;
        private String blockstoreYaml;
        private Path localRoot;
        private String accessKeyId = "AKIAIOSFOLREALLAKEFS";
        private String secretAccessKey = "real-lakefs-test-secret-access-key";
        private Map<String, String> environment = Map.of();

        private Builder(ServerBinaries.LakeFs binaries) {
            this.binaries = binaries;
        }

        /** Where config, KV, cache and log go (kept after close); default a fresh temporary directory (deleted). */
        public Builder directory(Path directory) {
            this.directory = directory;
            return this;
        }

        /** Environment variables of the lakeFS process, e.g. {@code LAKEFSACTION_*} values for actions. */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /** The admin's access key pair created at setup. */
        public Builder credentials(String accessKeyId, String secretAccessKey) {
            this.accessKeyId = accessKeyId;
            this.secretAccessKey = secretAccessKey;
            return this;
        }

        /** An S3 block store at {@code endpoint} (path style, static credentials, region us-east-1). */
        public Builder s3Blockstore(URI endpoint, String accessKeyId, String secretAccessKey) {
            this.blockstoreType = "s3";
            this.localRoot = null;
            this.blockstoreYaml = """
                    blockstore:
                      type: s3
                      s3:
                        endpoint: %s
                        force_path_style: true
                        region: us-east-1
                        discover_bucket_region: false
                        credentials:
                          access_key_id: %s
                          secret_access_key: %s
                    """.formatted(json(endpoint.toString()), json(accessKeyId), json(secretAccessKey));
            return this;
        }

        /**
         * An Azure block store on one storage account with its shared key, its requests for
         * {@code https://<account>.blob.core.windows.net/...} namespaces sent to {@code accountEndpoint} instead
         * (lakeFS's {@code blockstore.azure.test_endpoint_url}; for Azurite, {@code http://127.0.0.1:<port>/<account>}).
         */
        public Builder azureBlockstore(URI accountEndpoint, String account, String accountKey) {
            this.blockstoreType = "azure";
            this.localRoot = null;
            this.blockstoreYaml = """
                    blockstore:
                      type: azure
                      azure:
                        storage_account: %s
                        storage_access_key: %s
                        test_endpoint_url: %s
                    """.formatted(json(account), json(accountKey), json(accountEndpoint.toString()));
            return this;
        }

        /**
         * A local block store rooted at {@code root}; imports are allowed from {@code importPrefixes}
         * ({@code local://...} URIs outside any namespace), none when empty.
         */
        public Builder localBlockstore(Path root, List<String> importPrefixes) {
            this.blockstoreType = "local";
            this.localRoot = root.toAbsolutePath();
            StringBuilder yaml = new StringBuilder("""
                    blockstore:
                      type: local
                      local:
                        path: %s
                    """.formatted(json(localRoot.toString())));
            if (!importPrefixes.isEmpty()) {
                yaml.append("    import_enabled: true\n    allowed_external_prefixes:\n");
                importPrefixes.forEach(p -> yaml.append("      - ").append(json(p)).append('\n'));
            }
            this.blockstoreYaml = yaml.toString();
            return this;
        }

        /** Starts the server, waits until it is ready and creates the admin user. */
        public RealLakeFs start() {
            return new RealLakeFs(this);
        }
    }
}
