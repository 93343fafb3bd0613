package org.lakefsbackup.testkit.s3;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.lakefsbackup.core.store.s3.S3ObjectStore;
import org.lakefsbackup.core.store.s3.S3StoreConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * An S3 server in this JVM (S3Proxy 4.1.0), in memory unless started {@link #onDisk}. Listens on 127.0.0.1 on a
 * free port and checks AWS V2 or V4 signatures made with {@link #ACCESS_KEY}/{@link #SECRET_KEY}. S3Proxy and
 * Jetty log at WARN unless the SLF4J simple logger is configured otherwise. Close it to stop the server.
 *
 * <p>Where S3Proxy differs from S3: it keeps no {@code x-amz-checksum-*} values; it lists keys in UTF-16 order
 * (a supplementary character sorts before U+E000..U+FFFF), not UTF-8 byte order; an object {@code a} and an object
 * {@code a/b} cannot coexist (500 InternalError, as its providers store objects as files); and it sometimes closes
 * a kept-alive connection without a {@code Connection: close} (after an early error answer to
 * {@code Expect: 100-continue}, after an empty PUT with a trailing checksum), so the next request on that
 * connection fails with "Broken pipe" and is retried once by the SDK. It checks {@code If-Match} and
 * {@code If-None-Match: *} on PUT but does not make them atomic: two concurrent writers of one version can both
 * succeed, where S3 lets exactly one win (tests of concurrent leases use another store).
 */
public final class EmbeddedS3 implements S3TestServer {
    public static final String ACCESS_KEY = "lakefs-backup-test-key";
    public static final String SECRET_KEY = "lakefs-backup-test-secret";
    public static final String REGION = "us-east-1";

    static {
        quietLogger("org.gaul");
        quietLogger("org.eclipse.jetty");
    }

    private final S3Proxy proxy;
    private final BlobStore blobStore;
    private final URI endpoint;

    private EmbeddedS3(String provider, Properties properties) {
        this.blobStore = BlobStores.create(provider, properties);
        this.proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        try {
            proxy.start();
        } catch (Exception e) {
            blobStore.close();
            throw new IllegalStateException("S3Proxy did not start", e);
        }
        this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /** Starts a server keeping objects in memory. */
    public static EmbeddedS3 start() {
        return new EmbeddedS3("transient-nio2", new Properties());
    }

    /** Starts a server keeping objects as files under {@code directory}. */
    public static EmbeddedS3 onDisk(Path directory) {
        Properties p = new Properties();
        p.setProperty("jclouds.filesystem.basedir", directory.toAbsolutePath().toString());
        return new EmbeddedS3("filesystem-nio2", p);
    }

    @Override
    public String name() {
        return "S3Proxy";
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public String accessKeyId() {
        return ACCESS_KEY;
    }

    @Override
    public String secretAccessKey() {
        return SECRET_KEY;
    }

    @Override
    public void createBucket(String name) {
        if (!blobStore.containerExists(name)) {
            blobStore.createContainer(name);
        }
    }

    /**
     * A store configuration for this server at {@code endpoint} (this server's own, or a proxy in front of it): path
     * style, static test credentials, {@link #REGION}, and retry delays short enough for tests (10 ms base, 50 ms
     * after throttling, 500 ms at most).
     */
    public S3StoreConfig.Builder storeConfig(URI endpoint) {
        return S3StoreConfig.builder()
                .endpointOverride(endpoint)
                .pathStyle(true)
                .region(REGION)
                .credentials(credentials())
                .retryBaseDelay(Duration.ofMillis(10))
                .throttlingRetryBaseDelay(Duration.ofMillis(50))
                .maxRetryDelay(Duration.ofMillis(500));
    }

    /** A store talking to this server directly, with the {@link #storeConfig} defaults. */
    @Override
    public S3ObjectStore newStore() {
        return newStore(UnaryOperator.identity());
    }

    /** A store talking to this server directly, with {@link #storeConfig} adjusted by {@code customize}. */
    public S3ObjectStore newStore(UnaryOperator<S3StoreConfig.Builder> customize) {
        return new S3ObjectStore(customize.apply(storeConfig(endpoint)).build());
    }

    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not stop", e);
        } finally {
            blobStore.close();
        }
    }

    private static void quietLogger(String name) {
        String property = "org.slf4j.simpleLogger.log." + name;
        if (System.getProperty(property) == null) {
            System.setProperty(property, "warn");
        }
    }
}
