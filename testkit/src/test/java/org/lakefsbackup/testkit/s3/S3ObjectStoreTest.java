package org.lakefsbackup.testkit.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.store.ChecksumAlgorithm;
import org.lakefsbackup.core.store.CopyRequest;
import org.lakefsbackup.core.error.NotFoundException;
import org.lakefsbackup.core.error.UnauthorizedException;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.ObjectStore;
import org.lakefsbackup.core.store.StoreStats;
import org.lakefsbackup.core.store.s3.S3ObjectStore;
import org.lakefsbackup.core.store.s3.S3StoreConfig;
import org.lakefsbackup.testkit.store.ObjectStoreContract;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

class S3ObjectStoreTest extends ObjectStoreContract {
    private static final AtomicInteger ROOTS = new AtomicInteger();
    private static final long PART = 5 * S3StoreConfig.MIB;

    private static EmbeddedS3 s3;
    private static S3ObjectStore store;
    private static S3ObjectStore sequential;
    private static S3Client client;

    @BeforeAll
    static void start() {
        s3 = EmbeddedS3.start();
        s3.createBucket("bucket-a");
        s3.createBucket("bucket-b");
        store = s3.newStore(c -> c.listPageSize(100).multipartCopyThreshold(PART).partSize(PART));
        sequential = s3.newStore(c -> c.listPageSize(100).listConcurrency(1));
        client = s3.newClient(s3.endpoint());
    }

    @AfterAll
    static void stop() {
        client.close();
        store.close();
        sequential.close();
        s3.close();
    }

    @Override
    protected boolean computesRequestedChecksums() {
        return false; // S3Proxy keeps no x-amz-checksum-* values; its ETags (plain or SSE-S3) are MD5s
    }

    /** A multipart copy has a {@code -N} ETag, no MD5, and S3Proxy keeps no checksum for it. */
    @Override
    protected boolean identifiesMultipartCopies() {
        return false;
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

    /** S3Proxy stores objects as files (nio2 providers): 'a' and 'a/b' cannot coexist (500 InternalError). */
    @Override
    protected boolean supportsObjectAndPrefixWithSameName() {
        return false;
    }

    /** S3Proxy checks If-Match / If-None-Match, then writes: two concurrent writers can both pass (S3 is atomic). */
    @Override
    protected boolean conditionalWritesAreAtomic() {
        return false;
    }

    /** S3Proxy sorts keys as Java strings (UTF-16), unlike S3's UTF-8 byte order. */
    @Override
    protected boolean listsSupplementaryCharactersInCodePointOrder() {
        return false;
    }

    @Override
    protected int pagingKeyCount() {
        return 1050; // more than ten pages of 100
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

    /**
     * A store with its own connection pool, for exact request counts: S3Proxy (Jetty) sometimes closes a kept-alive
     * connection without saying so (after an early error answer to {@code Expect: 100-continue}, or after an empty
     * PUT with a trailing checksum), and the next request on it is retried once.
     */
    private static S3ObjectStore freshStore() {
        return s3.newStore(c -> c.listPageSize(100).multipartCopyThreshold(PART).partSize(PART));
    }

    @Test
    void copiesASmallObjectWithOneCopyObjectRequest() {
        try (S3ObjectStore store = freshStore()) {
            Location root = newRoot();
            store.put(root.resolve("src"), new byte[100]);
            StoreStats before = store.stats();

            store.copy(CopyRequest.builder(root.resolve("src"), root.resolve("dst")).expectedSize(100).build());

            assertThat(store.stats().minus(before).callsByType()).isEqualTo(Map.of("CopyObject", 1L));
        }
    }

    @Test
    void deletesUpToAThousandKeysPerDeleteObjectsRequest() {
        try (S3ObjectStore store = freshStore()) {
            Location root = newRoot();
            List<Location> doomed = IntStream.range(0, 1_500).mapToObj(i -> root.resolve("k" + i)).toList();
            store.put(doomed.get(1_499), new byte[1]);
            StoreStats before = store.stats();

            store.deleteAll(doomed);

            assertThat(store.stats().minus(before).callsByType()).isEqualTo(Map.of("DeleteObjects", 2L));
            assertThat(store.head(doomed.get(1_499))).isEmpty();
        }
    }

    @Test
    void headsTheSourceOnlyWhenItsSizeIsUnknown() {
        try (S3ObjectStore store = freshStore()) {
            Location root = newRoot();
            store.put(root.resolve("src"), new byte[100]);
            StoreStats before = store.stats();

            store.copy(CopyRequest.builder(root.resolve("src"), root.resolve("dst")).expectedSize(-1).build());

            assertThat(store.stats().minus(before).callsByType()).isEqualTo(Map.of("HeadObject", 1L, "CopyObject", 1L));
        }
    }

    @Test
    void copiesALargeObjectPartByPart() {
        try (S3ObjectStore store = freshStore()) {
            Location root = newRoot();
            byte[] content = randomBytes(12 * 1024 * 1024, 11);
            client.putObject(b -> b.bucket(root.authority()).key(root.resolve("src").key()), RequestBody.fromBytes(content));
            StoreStats before = store.stats();

            store.copy(CopyRequest.builder(root.resolve("src"), root.resolve("dst")).expectedSize(content.length).build());

            // The first multipart copy of a store asks for part checksums (a full-object CRC64NVME); S3Proxy has
            // none, so that upload is aborted after its first part and done again without them, once per store.
            assertThat(store.stats().minus(before).retries()).isZero();
            assertThat(store.stats().minus(before).callsByType()).isEqualTo(Map.of("HeadObject", 2L,
                    "CreateMultipartUpload", 2L, "UploadPartCopy", 4L, "AbortMultipartUpload", 1L,
                    "CompleteMultipartUpload", 1L));
            assertThat(sha256(root.resolve("dst"))).isEqualTo(sha256(content));

            StoreStats again = store.stats();
            store.copy(CopyRequest.builder(root.resolve("src"), root.resolve("dst2")).expectedSize(content.length)
                    .build());
            // the source's HEAD, then the copy's read back (a -N ETag and no checksum say nothing of its content)
            assertThat(store.stats().minus(again).callsByType()).isEqualTo(Map.of("HeadObject", 2L,
                    "CreateMultipartUpload", 1L, "UploadPartCopy", 3L, "CompleteMultipartUpload", 1L));
            assertThat(sha256(root.resolve("dst2"))).isEqualTo(sha256(content));
        }
    }

    @Test
    void headsALargeSourceOfUnknownSizeOnce() {
        try (S3ObjectStore store = freshStore()) {
            Location root = newRoot();
            byte[] content = randomBytes((int) (PART + 1), 14);
            client.putObject(b -> b.bucket(root.authority()).key(root.resolve("src").key()), RequestBody.fromBytes(content));
            StoreStats before = store.stats();

            store.copy(CopyRequest.builder(root.resolve("src"), root.resolve("dst")).expectedSize(-1)
                    .checksumAlgorithm(ChecksumAlgorithm.MD5).build());

            // the source once; the copy once (read back: S3Proxy's multipart answer says nothing of its content)
            assertThat(store.stats().minus(before).callsByType()).isEqualTo(Map.of("HeadObject", 2L,
                    "CreateMultipartUpload", 1L, "UploadPartCopy", 2L, "CompleteMultipartUpload", 1L));
            assertThat(sha256(root.resolve("dst"))).isEqualTo(sha256(content));
        }
    }

    @Test
    void copiesWithOneRequestWhenTheListedSizeWasWrongButTheObjectIsSmall() {
        try (S3ObjectStore store = freshStore()) {
            Location root = newRoot();
            store.put(root.resolve("src"), new byte[10]);
            StoreStats before = store.stats();

            store.copy(CopyRequest.builder(root.resolve("src"), root.resolve("dst")).expectedSize(100 * PART).build());

            assertThat(store.stats().minus(before).callsByType()).isEqualTo(Map.of("HeadObject", 1L,
                    "CopyObject", 1L));
            assertThat(store.get(root.resolve("dst"))).hasValue(new byte[10]);
        }
    }

    @Test
    void uploadsALargeStreamPartByPart() {
        try (S3ObjectStore store = freshStore()) {
            Location target = newRoot().resolve("upload");
            byte[] content = randomBytes(11 * 1024 * 1024, 12);
            StoreStats before = store.stats();

            store.upload(target, new ByteArrayInputStream(content), content.length);

            assertThat(store.stats().minus(before).callsByType()).isEqualTo(Map.of("CreateMultipartUpload", 1L,
                    "UploadPart", 3L, "CompleteMultipartUpload", 1L));
            assertThat(sha256(target)).isEqualTo(sha256(content));
        }
    }

    @Test
    void uploadsAStreamOfExactlyOnePartWithOnePut() {
        try (S3ObjectStore store = freshStore()) {
            Location target = newRoot().resolve("upload");
            byte[] content = randomBytes((int) PART, 13);
            StoreStats before = store.stats();

            store.upload(target, new ByteArrayInputStream(content), content.length);

            assertThat(store.stats().minus(before).callsByType()).isEqualTo(Map.of("PutObject", 1L));
            assertThat(sha256(target)).isEqualTo(sha256(content));
        }
    }

    @Test
    void listsOnePageAtATime() {
        try (S3ObjectStore store = freshStore()) {
            Location root = newRoot();
            IntStream.range(0, 250).parallel().forEach(i -> store.put(root.resolve(String.format("k%03d", i)), new byte[1]));
            StoreStats before = store.stats();

            List<ObjectInfo> all;
            try (var listing = store.list(root, null)) {
                all = listing.toList();
            }
            StoreStats afterAll = store.stats();
            List<String> firstFive = keys(store.list(root, null).limit(5));
            List<String> afterStart = keys(store.list(root, "k199"));

            assertThat(all).hasSize(250);
            // three pages, and the delimiter listing after the first one that looked for sub-prefixes to list
            // concurrently (there are none)
            assertThat(afterAll.minus(before).callsByType()).isEqualTo(Map.of("ListObjectsV2", 4L));
            assertThat(firstFive).containsExactly("k000", "k001", "k002", "k003", "k004");
            assertThat(afterStart).hasSize(50).startsWith("k200");
            assertThat(store.stats().minus(afterAll).callsByType())
                    .as("5 keys: one page; 50 keys after k199: one page").isEqualTo(Map.of("ListObjectsV2", 2L));
        }
    }

    @Test
    void reportsMissingBucketsAsNotFound() {
        Location nowhere = Location.parse("s3://no-such-bucket/x");
        assertThatThrownBy(() -> keys(store.list(nowhere, null))).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("NoSuchBucket");
        assertThatThrownBy(() -> store.get(nowhere.resolve("k"))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> store.put(nowhere.resolve("k"), new byte[1])).isInstanceOf(NotFoundException.class);
    }

    @Test
    void reportsWrongCredentialsAsUnauthorized() {
        Location root = newRoot();
        store.put(root.resolve("k"), new byte[1]);
        var wrong = StaticCredentialsProvider.create(AwsBasicCredentials.create(EmbeddedS3.ACCESS_KEY, "wrong-secret"));
        try (S3ObjectStore intruder = s3.newStore(c -> c.credentials(wrong))) {
            assertThatThrownBy(() -> intruder.get(root.resolve("k"))).isInstanceOf(UnauthorizedException.class);
            assertThatThrownBy(() -> keys(intruder.list(root, null))).isInstanceOf(UnauthorizedException.class);
        }
    }

    @Test
    void servesOnlyItsConfiguredBuckets() {
        try (S3ObjectStore onlyA = s3.newStore(c -> c.buckets(java.util.Set.of("bucket-a")))) {
            assertThat(onlyA.supports(Location.parse("s3://bucket-a/x"))).isTrue();
            assertThat(onlyA.supports(Location.parse("s3://bucket-b/x"))).isFalse();
            assertThat(onlyA.supports(Location.parse("file:///x"))).isFalse();
        }
    }
}
