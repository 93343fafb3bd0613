package org.lakefsbackup.testkit.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.ObjectStore;
import org.lakefsbackup.core.store.s3.S3ObjectStore;
import org.lakefsbackup.core.store.s3.S3StoreConfig;
import org.lakefsbackup.testkit.real.MinioServer;
import org.lakefsbackup.testkit.store.ObjectStoreContract;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * The object-store contract on MinIO whose buckets encrypt every object with SSE-KMS: ETags are not MD5s, the store
 * says so, and copies report (or read back) the checksums MinIO computes. Part of the real lane: skipped, saying why,
 * when MinIO cannot be built.
 */
class MinioEncryptedObjectStoreTest extends ObjectStoreContract {
    private static final AtomicInteger ROOTS = new AtomicInteger();
    private static final long PART = 5 * S3StoreConfig.MIB;

    private static MinioServer minio;
    private static S3ObjectStore store;
    private static S3ObjectStore sequential;
    private static S3Client client;

    @BeforeAll
    static void start() {
        minio = MinioServer.startEncrypted();
        minio.createBucket("bucket-a");
        minio.createBucket("bucket-b");
        store = new S3ObjectStore(minio.storeConfig().listPageSize(100).multipartCopyThreshold(PART).partSize(PART)
                .build());
        sequential = new S3ObjectStore(minio.storeConfig().listPageSize(100).listConcurrency(1).build());
        client = minio.newClient(minio.endpoint());
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
            store.close();
            sequential.close();
        }
        if (minio != null) {
            minio.close();
        }
    }

    @Override
    protected ObjectStore store() {
        return store;
    }

    @Override
    protected ObjectStore sequentialStore() {
        return sequential;
    }

    @Override
    protected Location newRoot() {
        return Location.parse("s3://bucket-a/root-" + ROOTS.incrementAndGet());
    }

    @Override
    protected Location newRootElsewhere() {
        return Location.parse("s3://bucket-b/root-" + ROOTS.incrementAndGet());
    }

    /** MinIO stores objects as directories on its drive: 'a' and 'a/b' cannot coexist. */
    @Override
    protected boolean supportsObjectAndPrefixWithSameName() {
        return false;
    }

    @Override
    protected int pagingKeyCount() {
        return 1050; // more than ten pages of 100
    }

    /** A copy under SSE-KMS is a new write with an ETag of its own (not an MD5); its checksum is the content's. */
    @Override
    protected void assertSameContentIdentity(ObjectInfo copy, ObjectInfo source) {
        assertThat(copy.etagIsMd5()).isFalse();
        assertThat(copy.etag()).isNotEqualTo(source.etag());
        assertThat(copy.checksum()).isNotNull();
    }

    /** MinIO computes no checksum for a multipart copy (its part copies refuse one): no content identity there. */
    @Override
    protected boolean identifiesMultipartCopies() {
        return false;
    }

    @Override
    protected void putWithMetadata(Location location, byte[] content, String contentType, Map<String, String> metadata) {
        client.putObject(b -> b.bucket(location.authority()).key(location.key()).contentType(contentType)
                .metadata(metadata), RequestBody.fromBytes(content));
    }

    @Override
    protected Map<String, String> metadataOf(Location location) {
        HeadObjectResponse head = client.headObject(b -> b.bucket(location.authority()).key(location.key()));
        Map<String, String> result = new HashMap<>(head.metadata());
        result.put("content-type", head.contentType());
        return result;
    }
}
