package org.lakefsbackup.testkit.s3;

import java.net.URI;
import org.lakefsbackup.core.store.s3.S3ObjectStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3 server a test starts and stops: the embedded S3Proxy ({@link EmbeddedS3}) or a MinIO process
 * ({@link org.lakefsbackup.testkit.real.MinioServer}). Both listen on 127.0.0.1, take path-style requests signed
 * with {@link #accessKeyId()}/{@link #secretAccessKey()} in region {@link EmbeddedS3#REGION}, so one scenario suite
 * runs on either.
 */
public interface S3TestServer extends AutoCloseable {
    /** A short name for test reports, e.g. {@code S3Proxy} or {@code MinIO (SSE)}. */
    String name();

    URI endpoint();

    String accessKeyId();

    String secretAccessKey();

    /** Creates a bucket (no error if it exists). */
    void createBucket(String name);

    /** A project store talking to this server (path style, static credentials, short test retry delays). */
    S3ObjectStore newStore();

    /**
     * A plain SDK client for {@code endpoint} (this server or a proxy in front of it): path style, this server's
     * credentials, region {@link EmbeddedS3#REGION}. The caller closes it.
     */
    default S3Client newClient(URI endpoint) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.of(EmbeddedS3.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId(),
                        secretAccessKey())))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }

    @Override
    void close();
}
