package org.lakefsbackup.testkit.azure;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.store.Checksum;
import org.lakefsbackup.core.store.ChecksumAlgorithm;
import org.lakefsbackup.core.store.CopyRequest;
import org.lakefsbackup.core.error.ConflictException;
import org.lakefsbackup.core.error.NotFoundException;
import org.lakefsbackup.core.error.UnauthorizedException;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.ObjectStore;
import org.lakefsbackup.core.store.StoreStats;
import org.lakefsbackup.core.store.azure.AzureBlobObjectStore;
import org.lakefsbackup.core.store.azure.AzureBlobStoreConfig;
import org.lakefsbackup.testkit.store.ObjectStoreContract;

/**
 * The object-store contract against Azurite with two storage accounts: {@link #newRootElsewhere()} is in the other
 * account, so every cross-container copy of the contract is a copy across accounts. Copies above 4 MiB go block by
 * block across accounts and as one asynchronous Copy Blob inside an account; the tests below pin the requests of
 * each path.
 */
class AzureBlobObjectStoreTest extends ObjectStoreContract {
    private static final AtomicInteger ROOTS = new AtomicInteger();
    private static final long MIB = AzureBlobStoreConfig.MIB;
    private static final String CONTAINER = "contract";
    private static final String OTHER_CONTAINER = "contract-other";

    private static Azurite azurite;
    private static AzureBlobObjectStore store;

    @BeforeAll
    static void start() {
        azurite = Azurite.shared();
        azurite.createContainer(Azurite.ACCOUNT, CONTAINER);
        azurite.createContainer(Azurite.ACCOUNT, OTHER_CONTAINER);
        azurite.createContainer(Azurite.OTHER_ACCOUNT, CONTAINER);
        store = newStore();
    }

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close();
        }
    }

    /** Small pages, a 4 MiB single-copy threshold and 4 MiB blocks, so the contract's 12 MiB objects take 3. */
    private static AzureBlobObjectStore newStore() {
        return azurite.newStore(c -> c.listPageSize(100).singleCopyThreshold(4 * MIB).blockSize(4 * MIB));
    }

    @Override
    protected ObjectStore store() {
        return store;
    }

    @Override
    protected Location newRoot() {
        return Location.parse(Azurite.location(Azurite.ACCOUNT, CONTAINER) + "/root-" + ROOTS.incrementAndGet());
    }

    @Override
    protected Location newRootElsewhere() {
        return Location.parse(Azurite.location(Azurite.OTHER_ACCOUNT, CONTAINER) + "/root-" + ROOTS.incrementAndGet());
    }

    private Location newRootInOtherContainer() {
        return Location.parse(Azurite.location(Azurite.ACCOUNT, OTHER_CONTAINER) + "/root-" + ROOTS.incrementAndGet());
    }

    @Override
    protected int pagingKeyCount() {
        return 1050; // more than ten pages of 100
    }

    /** Azure ETags are opaque; the content identity is the stored Content-MD5. */
    /**
     * A small copy (Copy Blob From URL) answers with the new blob's ETag only on Azurite, no Content-MD5: the copy
     * reports no checksum (a HEAD would show the Content-MD5 the copy carried over).
     */
    @Override
    protected boolean copyReportsAChecksum() {
        return false;
    }

    @Override
    protected boolean computesRequestedChecksums() {
        return false; // Azure keeps Content-MD5, whatever algorithm a copy asks for
    }

    @Override
    protected void assertIdentifiesContent(ObjectInfo info, byte[] content) {
        assertThat(info.etag()).startsWith("0x");
        assertThat(info.checksum()).isEqualTo(md5Checksum(content));
    }

    /** A copy is a new write with its own ETag; it carries the source's Content-MD5. */
    @Override
    protected void assertSameContentIdentity(ObjectInfo copy, ObjectInfo source) {
        assertThat(copy.etag()).isNotEqualTo(source.etag());
        assertThat(copy.checksum()).isNotNull().isEqualTo(source.checksum());
    }

    @Override
    protected void putWithMetadata(Location location, byte[] content, String contentType, Map<String, String> metadata) {
        blob(location).uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromBytes(content))
                .setHeaders(new BlobHttpHeaders().setContentType(contentType)).setMetadata(metadata), null, null);
    }

    @Override
    protected Map<String, String> metadataOf(Location location) {
        BlobProperties p = blob(location).getProperties();
        Map<String, String> result = new HashMap<>(p.getMetadata());
        result.put("content-type", p.getContentType());
        return result;
    }

    private static BlobClient blob(Location location) {
        String account = location.authority().substring(0, location.authority().indexOf('.'));
        return azurite.client(account).getBlobContainerClient(location.container()).getBlobClient(location.key());
    }

    // ---- how each copy is made

    @Test
    void copiesASmallBlobWithOneCopyBlobFromUrl() {
        try (AzureBlobObjectStore store = newStore()) {
            Location root = newRoot();
            store.put(root.resolve("src"), new byte[100]);
            StoreStats before = store.stats();

            store.copy(CopyRequest.builder(root.resolve("src"), newRootElsewhere().resolve("dst")).expectedSize(100).build());

            assertThat(store.stats().minus(before).callsByType()).isEqualTo(Map.of("CopyBlobFromUrl", 1L));
        }
    }

    @Test
    void readsTheSourcePropertiesOnlyWhenItsSizeIsUnknown() {
        try (AzureBlobObjectStore store = newStore()) {
            Location root = newRoot();
            store.put(root.resolve("src"), new byte[100]);
            StoreStats before = store.stats();

            store.copy(CopyRequest.builder(root.resolve("src"), root.resolve("dst")).expectedSize(-1).build());

            assertThat(store.stats().minus(before).callsByType()).isEqualTo(Map.of("GetBlobProperties", 1L,
                    "CopyBlobFromUrl", 1L));
        }
    }

    @Test
    void copiesALargeBlobAcrossAccountsBlockByBlockInParallel() {
        try (AzureBlobObjectStore store = newStore()) {
            Location source = newRoot().resolve("src");
            Location target = newRootElsewhere().resolve("dst");
            byte[] content = randomBytes((int) (10 * MIB + 3), 21);
            putWithMetadata(source, content, "application/x-large", Map.of("origin", "block-copy"));
            StoreStats before = store.stats();

            store.copy(CopyRequest.builder(source, target).expectedSize(content.length).build());

            StoreStats cost = store.stats().minus(before);
            assertThat(cost.retries()).isZero();
            assertThat(cost.requestsByType()).isEqualTo(Map.of("GetBlobProperties", 1L, "PutBlockFromUrl", 3L,
                    "PutBlockList", 1L));
            assertThat(sha256(target)).isEqualTo(sha256(content));
            assertThat(metadataOf(target)).containsEntry("content-type", "application/x-large")
                    .containsEntry("origin", "block-copy");
            assertThat(store.head(target).orElseThrow().checksum()).isEqualTo(md5Checksum(content));
        }
    }

    @Test
    void copiesALargeBlobInsideAnAccountWithOneAsynchronousCopy() {
        try (AzureBlobObjectStore store = newStore()) {
            Location source = newRoot().resolve("src");
            Location target = newRootInOtherContainer().resolve("dst");
            byte[] content = randomBytes((int) (5 * MIB), 22);
            store.upload(source, new ByteArrayInputStream(content), content.length);
            StoreStats before = store.stats();

            store.copy(CopyRequest.builder(source, target).expectedSize(content.length).build());

            StoreStats cost = store.stats().minus(before);
            assertThat(cost.requests("CopyBlob")).isEqualTo(1);
            assertThat(cost.requests("PutBlockFromUrl")).isZero();
            assertThat(sha256(target)).isEqualTo(sha256(content));
        }
    }

    @Test
    void copiesBlockByBlockInsideAnAccountWhenAsynchronousCopiesAreOff() {
        try (AzureBlobObjectStore store = azurite.newStore(c -> c.singleCopyThreshold(MIB).blockSize(MIB)
                .asyncCopyWithinAccount(false))) {
            Location root = newRoot();
            byte[] content = randomBytes((int) (2 * MIB + 1), 23);
            store.upload(root.resolve("src"), new ByteArrayInputStream(content), content.length);
            StoreStats before = store.stats();

            store.copy(CopyRequest.builder(root.resolve("src"), root.resolve("dst")).expectedSize(content.length).build());

            assertThat(store.stats().minus(before).callsByType()).isEqualTo(Map.of("GetBlobProperties", 1L,
                    "PutBlockFromUrl", 3L, "PutBlockList", 1L));
            assertThat(sha256(root.resolve("dst"))).isEqualTo(sha256(content));
        }
    }

    @Test
    void uploadsAStreamBlockByBlockWithItsMd5() {
        try (AzureBlobObjectStore store = newStore()) {
            Location target = newRoot().resolve("upload");
            byte[] content = randomBytes((int) (9 * MIB), 24);
            StoreStats before = store.stats();

            store.upload(target, new ByteArrayInputStream(content), content.length);

            assertThat(store.stats().minus(before).callsByType()).isEqualTo(Map.of("PutBlock", 3L,
                    "PutBlockList", 1L));
            assertThat(store.head(target).orElseThrow().checksum()).isEqualTo(md5Checksum(content));
        }
    }

    // ---- authorization across accounts

    @Test
    void rejectsACopyFromAnotherAccountWhoseSourceItCannotAuthorize() {
        Location source = newRootElsewhere().resolve("private");
        store.put(source, "secret".getBytes(UTF_8));
        Location target = newRoot().resolve("stolen");
        // the store signs every source it copies; without a SAS, Azurite refuses a source in another account as
        // Azure does (Azure refuses it in the same account too)
        String unsigned = blob(source).getBlobUrl();
        assertThatThrownBy(() -> store.copyFromUrl(java.net.URI.create(unsigned), source.toString(), 6, null, target))
                .isInstanceOf(UnauthorizedException.class).hasMessageContaining("CannotVerifyCopySource");
        assertThat(store.head(target)).isEmpty();
    }

    @Test
    void reportsWrongKeysAsUnauthorized() {
        Location root = newRoot();
        store.put(root.resolve("k"), new byte[1]);
        String wrong = Azurite.KEYS.get(Azurite.OTHER_ACCOUNT);
        try (AzureBlobObjectStore intruder = azurite.newStore(c -> c.accountKeys(Map.of(Azurite.ACCOUNT, wrong))
                .maxAttempts(1))) {
            assertThatThrownBy(() -> intruder.get(root.resolve("k"))).isInstanceOf(UnauthorizedException.class);
            assertThatThrownBy(() -> keys(intruder.list(root, null))).isInstanceOf(UnauthorizedException.class);
        }
    }

    // ---- errors, conditions, paging

    @Test
    void reportsMissingContainersAsNotFound() {
        Location nowhere = Location.parse(Azurite.location(Azurite.ACCOUNT, "no-such-container") + "/x");
        assertThatThrownBy(() -> keys(store.list(nowhere, null))).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("ContainerNotFound");
        assertThatThrownBy(() -> store.get(nowhere.resolve("k"))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> store.put(nowhere.resolve("k"), new byte[1])).isInstanceOf(NotFoundException.class);
        assertThat(store.head(nowhere.resolve("k"))).isEmpty();
    }

    @Test
    void replacesADocumentOnlyWhileItsEtagMatches() {
        Location lease = newRoot().resolve("lease.json");
        store.put(lease, "v1".getBytes(UTF_8));
        var v1 = store.getVersioned(lease).orElseThrow();

        assertThat(store.replaceIfMatch(lease, "v2".getBytes(UTF_8), v1.etag())).isTrue();
        assertThat(store.replaceIfMatch(lease, "v3".getBytes(UTF_8), v1.etag())).as("stale ETag").isFalse();
        assertThat(store.get(lease)).hasValueSatisfying(b -> assertThat(new String(b, UTF_8)).isEqualTo("v2"));
        assertThat(store.getVersioned(newRoot().resolve("missing"))).isEmpty();
        assertThat(store.replaceIfMatch(newRoot().resolve("missing"), new byte[1], v1.etag())).isFalse();
    }

    @Test
    void failsACopyWhoseSourceChangedSinceItsEtagWasRead() {
        Location root = newRoot();
        store.put(root.resolve("src"), "one".getBytes(UTF_8));
        String stale = store.head(root.resolve("src")).orElseThrow().etag();
        store.put(root.resolve("src"), "two".getBytes(UTF_8));
        assertThatThrownBy(() -> store.copyFromUrl(readableUrl(root.resolve("src")), "the source", 3, stale,
                root.resolve("dst"))).isInstanceOf(ConflictException.class)
                .hasMessageContaining("SourceConditionNotMet");
        assertThat(store.head(root.resolve("dst"))).isEmpty();
    }

    @Test
    void listsOnePageAtATime() {
        try (AzureBlobObjectStore store = newStore()) {
            Location root = newRoot();
            IntStream.range(0, 250).parallel().forEach(i -> store.put(root.resolve(String.format("k%03d", i)),
                    new byte[1]));
            StoreStats before = store.stats();

            List<ObjectInfo> all;
            try (var listing = store.list(root, null)) {
                all = listing.toList();
            }
            StoreStats afterAll = store.stats();
            List<String> firstFive = keys(store.list(root, null).limit(5));
            List<String> afterStart = keys(store.list(root, "k199"));

            assertThat(all).hasSize(250);
            assertThat(afterAll.minus(before).callsByType()).isEqualTo(Map.of("ListBlobs", 3L));
            assertThat(firstFive).containsExactly("k000", "k001", "k002", "k003", "k004");
            assertThat(afterStart).hasSize(50).startsWith("k200");
            assertThat(store.stats().minus(afterAll).callsByType())
                    .as("5 keys: one page; 50 keys from k199 on: one page").isEqualTo(Map.of("ListBlobs", 2L));
        }
    }

    @Test
    void refusesAnAccountWithoutAKeyOverPlainHttp() {
        try (AzureBlobObjectStore onlyA = azurite.newStore(c -> c.accountKeys(
                Map.of(Azurite.ACCOUNT, Azurite.KEYS.get(Azurite.ACCOUNT))))) {
            assertThatThrownBy(() -> onlyA.head(newRootElsewhere().resolve("k")))
                    .isInstanceOf(org.lakefsbackup.core.error.InvalidInputException.class)
                    .hasMessageContaining(Azurite.OTHER_ACCOUNT).hasMessageContaining("no shared key");
        }
    }

    @Test
    void servesOnlyItsConfiguredAccounts() {
        try (AzureBlobObjectStore onlyA = azurite.newStore(c -> c.accounts(Set.of(Azurite.ACCOUNT)))) {
            assertThat(onlyA.supports(newRoot())).isTrue();
            assertThat(onlyA.supports(newRootElsewhere())).isFalse();
            assertThat(onlyA.supports(Location.parse("s3://bucket/x"))).isFalse();
        }
    }

    @Test
    void neverShowsAKeyInItsConfiguration() {
        String shown = azurite.storeConfig().build().toString();
        Azurite.KEYS.values().forEach(key -> assertThat(shown).doesNotContain(key));
        assertThat(shown).contains(Azurite.ACCOUNT);
    }

    /** The blob's URL with a read SAS made here, as another cloud's presigned URL would be. */
    private static java.net.URI readableUrl(Location location) {
        BlobClient blob = blob(location);
        var expiry = java.time.OffsetDateTime.now().plusHours(1);
        String sas = blob.generateSas(new com.azure.storage.blob.sas.BlobServiceSasSignatureValues(expiry,
                new com.azure.storage.blob.sas.BlobSasPermission().setReadPermission(true)));
        return java.net.URI.create(blob.getBlobUrl() + "?" + sas);
    }

    private static Checksum md5Checksum(byte[] content) {
        try {
            return Checksum.of(ChecksumAlgorithm.MD5, MessageDigest.getInstance("MD5").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
