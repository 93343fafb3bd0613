package org.lakefsbackup.testkit.s3;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectStore;
import org.lakefsbackup.core.store.s3.S3ObjectStore;
import org.lakefsbackup.core.store.s3.S3StoreConfig;
import org.lakefsbackup.testkit.store.ObjectStoreContract;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;

/** The object-store contract against LocalStack's S3, where a Docker engine exists; skipped (not failed) without. */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackS3ObjectStoreTest extends ObjectStoreContract {
    private static final AtomicInteger ROOTS = new AtomicInteger();

    @Container
    static final LocalStackContainer LOCALSTACK =
            new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4")).withServices(LocalStackContainer.Service.S3);

    private static S3ObjectStore store;

    @BeforeAll
    static void start() {
        store = new S3ObjectStore(S3StoreConfig.builder()
                .endpointOverride(LOCALSTACK.getEndpoint())
                .pathStyle(true)
                .region(LOCALSTACK.getRegion())
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())))
                .multipartCopyThreshold(5 * S3StoreConfig.MIB)
                .partSize(5 * S3StoreConfig.MIB)
                .listPageSize(100)
                .build());
        try (var client = software.amazon.awssdk.services.s3.S3Client.builder()
                .endpointOverride(LOCALSTACK.getEndpoint())
                .forcePathStyle(true)
                .region(software.amazon.awssdk.regions.Region.of(LOCALSTACK.getRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())))
                .build()) {
            client.createBucket(CreateBucketRequest.builder().bucket("bucket-a").build());
            client.createBucket(CreateBucketRequest.builder().bucket("bucket-b").build());
        }
    }

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close();
        }
    }

    @Override
    protected ObjectStore store() {
        return store;
    }

    @Override
    protected Location newRoot() {
        return Location.parse("s3://bucket-a/root-" + ROOTS.incrementAndGet());
    }

    @Override
    protected Location newRootElsewhere() {
        return Location.parse("s3://bucket-b/root-" + ROOTS.incrementAndGet());
    }
}
