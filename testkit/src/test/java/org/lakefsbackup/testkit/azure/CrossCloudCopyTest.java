package org.lakefsbackup.testkit.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lakefsbackup.testkit.store.ObjectStoreContract.randomBytes;
import static org.lakefsbackup.testkit.store.ObjectStoreContract.sha256;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.store.CopyRequest;
import org.lakefsbackup.core.error.NotFoundException;
import org.lakefsbackup.core.error.UnauthorizedException;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.StoreStats;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.core.store.azure.AzureBlobObjectStore;
import org.lakefsbackup.core.store.azure.AzureBlobStoreConfig;
import org.lakefsbackup.core.store.s3.S3ObjectStore;
import org.lakefsbackup.testkit.s3.EmbeddedS3;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Copies between S3 (the embedded S3 server) and Azure Blob (Azurite) through {@link Storage}: S3 to Azure is made
 * by Azure, with Put Block From URL reading presigned S3 URLs ({@link ExternalCopySources} plays Azure's part, which
 * Azurite lacks); Azure to S3 streams through the process. Content is compared by SHA-256.
 */
class CrossCloudCopyTest {
    private static final long MIB = AzureBlobStoreConfig.MIB;
    private static final String CONTAINER = "cross-cloud";

    private static EmbeddedS3 s3;
    private static Azurite azurite;
    private static S3ObjectStore s3Store;
    private static AzureBlobObjectStore azureStore;
    private static ExternalCopySources azure;
    private static Storage storage;
    private static int roots;

    @BeforeAll
    static void start() {
        s3 = EmbeddedS3.start();
        s3.createBucket("cross-cloud");
        azurite = Azurite.shared();
        azurite.createContainer(Azurite.ACCOUNT, CONTAINER);
        s3Store = s3.newStore();
        azure = azurite.externalCopySources();
        azureStore = new AzureBlobObjectStore(azurite.storeConfig().blockSize(4 * MIB).build(), azure);
        storage = Storage.of(s3Store, azureStore);
    }

    @AfterAll
    static void stop() {
        if (storage != null) {
            storage.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    private static synchronized String root() {
        return "root-" + ++roots;
    }

    private static Location s3(String key) {
        return Location.parse("s3://cross-cloud/" + key);
    }

    private static Location blob(String key) {
        return Location.parse(Azurite.location(Azurite.ACCOUNT, CONTAINER) + "/" + key);
    }

    @Test
    void s3ToAzureIsCopiedByAzureFromPresignedUrlsBlockByBlock() {
        String root = root();
        byte[] content = randomBytes((int) (10 * MIB + 5), 1);
        s3Store.put(s3(root + "/large"), content);
        StoreStats s3Before = s3Store.stats();
        StoreStats azureBefore = azureStore.stats();
        long readsBefore = azure.sourceReads();

        storage.copy(CopyRequest.builder(s3(root + "/large"), blob(root + "/large")).expectedSize(content.length).build());

        assertThat(azureStore.stats().minus(azureBefore).callsByType())
                .isEqualTo(Map.of("PutBlockFromUrl", 3L, "PutBlockList", 1L));
        assertThat(s3Store.stats().minus(s3Before).totalRequests()).as("the process reads nothing from S3").isZero();
        assertThat(azure.sourceReads() - readsBefore).as("Azure read the three ranges").isEqualTo(3);
        assertThat(sha256(azureStore, blob(root + "/large"))).isEqualTo(sha256(content));
    }

    @Test
    void s3ToAzureCopiesSmallEmptyAndUnsizedObjects() {
        String root = root();
        byte[] small = randomBytes(1000, 2);
        s3Store.put(s3(root + "/small"), small);
        s3Store.put(s3(root + "/empty"), new byte[0]);
        StoreStats s3Before = s3Store.stats();

        storage.copy(CopyRequest.builder(s3(root + "/small"), blob(root + "/small")).expectedSize(small.length).build());
        storage.copy(CopyRequest.builder(s3(root + "/empty"), blob(root + "/empty")).expectedSize(0).build());
        storage.copy(CopyRequest.builder(s3(root + "/small"), blob(root + "/unsized")).expectedSize(-1).build());

        assertThat(azureStore.get(blob(root + "/small"))).hasValue(small);
        assertThat(azureStore.get(blob(root + "/empty"))).hasValue(new byte[0]);
        assertThat(azureStore.get(blob(root + "/unsized"))).hasValue(small);
        StoreStats s3Cost = s3Store.stats().minus(s3Before);
        // S3Proxy drops a kept-alive connection after an empty PUT, so the HEAD may be sent twice: still one call
        assertThat(s3Cost.callsByType()).as("only the unsized copy heads its source")
                .isEqualTo(Map.of("HeadObject", 1L));
    }

    @Test
    void s3ToAzureFailsWhenS3RefusesThePresignedUrl() {
        String root = root();
        s3Store.put(s3(root + "/k"), new byte[10]);
        var wrong = StaticCredentialsProvider.create(AwsBasicCredentials.create(EmbeddedS3.ACCESS_KEY, "wrong"));
        try (S3ObjectStore badSigner = s3.newStore(c -> c.credentials(wrong));
             AzureBlobObjectStore target = new AzureBlobObjectStore(azurite.storeConfig().build(),
                     azurite.externalCopySources())) {
            Storage mixed = Storage.of(badSigner, target);
            assertThatThrownBy(() -> mixed.copy(CopyRequest.builder(s3(root + "/k"), blob(root + "/k")).expectedSize(10).build()))
                    .isInstanceOf(UnauthorizedException.class).hasMessageContaining("CannotVerifyCopySource");
            assertThat(target.head(blob(root + "/k"))).isEmpty();
        }
        assertThatThrownBy(() -> storage.copy(CopyRequest.builder(s3(root + "/missing"), blob(root + "/missing")).expectedSize(10).build()))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void s3ToAzureStreamsWhenAzureMayNotReadOtherClouds() {
        String root = root();
        byte[] content = randomBytes(5000, 3);
        s3Store.put(s3(root + "/k"), content);
        try (AzureBlobObjectStore closed = azurite.newStore(c -> c.copyFromExternalUrls(false))) {
            Storage mixed = Storage.of(s3Store, closed);
            StoreStats before = closed.stats();
            mixed.copy(CopyRequest.builder(s3(root + "/k"), blob(root + "/k")).expectedSize(content.length).build());
            assertThat(closed.stats().minus(before).callsByType()).isEqualTo(Map.of("PutBlob", 1L));
            assertThat(closed.get(blob(root + "/k"))).hasValue(content);
        }
    }

    @Test
    void azureToS3StreamsThroughTheProcess() {
        String root = root();
        byte[] content = randomBytes((int) (6 * MIB), 4);
        azureStore.put(blob(root + "/k"), content);
        StoreStats azureBefore = azureStore.stats();

        storage.copy(CopyRequest.builder(blob(root + "/k"), s3(root + "/k")).expectedSize(content.length).build());

        assertThat(azureStore.stats().minus(azureBefore).requests("GetBlob")).isPositive();
        assertThat(sha256(s3Store, s3(root + "/k"))).isEqualTo(sha256(content));
        assertThat(storage.serverSide(blob(root + "/k"), s3(root + "/k"))).isFalse();
    }
}
