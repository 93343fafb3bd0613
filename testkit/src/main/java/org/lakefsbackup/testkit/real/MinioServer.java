package org.lakefsbackup.testkit.real;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lakefsbackup.core.store.s3.S3ObjectStore;
import org.lakefsbackup.core.store.s3.S3StoreConfig;
import org.lakefsbackup.testkit.s3.EmbeddedS3;
import org.lakefsbackup.testkit.s3.S3TestServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * A MinIO server as a child process (single drive, in its own temporary directory, 127.0.0.1, a free port), with
 * the same credentials and region as {@link EmbeddedS3} so a test can swap one for the other.
 *
 * <p>Unlike S3Proxy, MinIO stores {@code x-amz-checksum-*} values. {@link #startEncrypted} configures a KMS
 * master key ({@code MINIO_KMS_SECRET_KEY}) and gives every bucket it creates default encryption SSE-KMS with key
 * {@link #KMS_KEY}, so objects are encrypted at rest and their ETags are not MD5 digests of the content, as on AWS
 * with SSE-KMS. (MinIO's SSE-S3 keeps MD5 ETags, SSE-KMS does not.)
 *
 * <p>Binaries come from {@link ServerBinaries#requireMinio}. Start waits at most 60 s for
 * {@code /minio/health/live}; {@link #close()} stops the process and deletes the directory. Not thread-safe.
 */
public final class MinioServer implements S3TestServer {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final int START_ATTEMPTS = 3;
    /** The name of the KMS master key of an encrypted server. */
    public static final String KMS_KEY = "lakefs-backup-test-key";

    private final boolean encrypted;
    private final Path directory;
    private final ServerProcess process;
    private final URI endpoint;

    private MinioServer(Path binary, boolean encrypted) {
        this.encrypted = encrypted;
        try {
            this.directory = Files.createTempDirectory("minio-");
            Files.createDirectories(directory.resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = new HashMap<>();
        env.put("MINIO_ROOT_USER", EmbeddedS3.ACCESS_KEY);
        env.put("MINIO_ROOT_PASSWORD", EmbeddedS3.SECRET_KEY);
        env.put("MINIO_BROWSER", "off");
        env.put("MINIO_UPDATE", "off");
        env.put("MINIO_CI_CD", "1");
        if (encrypted) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            env.put("MINIO_KMS_SECRET_KEY", KMS_KEY + ":" + Base64.getEncoder().encodeToString(key));
        }
        IllegalStateException last = null;
        ServerProcess started = null;
        int port = 0;
        for (int attempt = 1; attempt <= START_ATTEMPTS && started == null; attempt++) {
            port = ServerProcess.freePort();
            int consolePort = ServerProcess.freePort();
            try {
                started = ServerProcess.start("MinIO", List.of(binary.toString(), "server", "--quiet", "--address",
                        "127.0.0.1:" + port, "--console-address", "127.0.0.1:" + consolePort,
                        directory.resolve("data").toString()), env, directory, directory.resolve("minio.log"),
                        URI.create("http://127.0.0.1:" + port + "/minio/health/live"), s -> s == 200, READY_TIMEOUT);
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        if (started == null) {
            RealLakeFs.deleteTree(directory);
            throw last;
        }
        this.process = started;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
    }

    /** Starts MinIO without encryption. */
    public static MinioServer start() {
        return new MinioServer(ServerBinaries.requireMinio(), false);
    }

    /** Starts MinIO with a KMS key; buckets it creates encrypt every object (SSE-KMS), so ETags are not MD5s. */
    public static MinioServer startEncrypted() {
        return new MinioServer(ServerBinaries.requireMinio(), true);
    }

    public boolean encrypted() {
        return encrypted;
    }

    @Override
    public String name() {
        return encrypted ? "MinIO (SSE)" : "MinIO";
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public String accessKeyId() {
        return EmbeddedS3.ACCESS_KEY;
    }

    @Override
    public String secretAccessKey() {
        return EmbeddedS3.SECRET_KEY;
    }

    /** Creates a bucket (no error if it exists); on an encrypted server with default encryption SSE-KMS. */
    @Override
    public void createBucket(String name) {
        try (S3Client s3 = newClient(endpoint)) {
            try {
                s3.createBucket(b -> b.bucket(name));
            } catch (BucketAlreadyOwnedByYouException e) {
                // already there
            }
            if (encrypted) {
                s3.putBucketEncryption(b -> b.bucket(name).serverSideEncryptionConfiguration(c -> c.rules(
                        r -> r.applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS)
                                .kmsMasterKeyID(KMS_KEY)))));
            }
        }
    }

    /** A store configuration for this server: path style, static credentials, short retry delays. */
    public S3StoreConfig.Builder storeConfig() {
        return S3StoreConfig.builder()
                .endpointOverride(endpoint)
                .pathStyle(true)
                .region(EmbeddedS3.REGION)
                .credentials(credentials())
                .retryBaseDelay(Duration.ofMillis(10))
                .throttlingRetryBaseDelay(Duration.ofMillis(50))
                .maxRetryDelay(Duration.ofMillis(500));
    }

    @Override
    public S3ObjectStore newStore() {
        return new S3ObjectStore(storeConfig().build());
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY));
    }

    /** The server log, for failure messages. */
    public Path log() {
        return process.log();
    }

    @Override
    public void close() {
        process.close();
        RealLakeFs.deleteTree(directory);
    }
}
