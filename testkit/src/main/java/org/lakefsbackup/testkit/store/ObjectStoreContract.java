package org.lakefsbackup.testkit.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.error.NotFoundException;
import org.lakefsbackup.core.store.Checksum;
import org.lakefsbackup.core.store.ChecksumAlgorithm;
import org.lakefsbackup.core.store.ChecksumCalculator;
import org.lakefsbackup.core.store.CopyRequest;
import org.lakefsbackup.core.store.CopyResult;
import org.lakefsbackup.core.store.KeyOrder;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.ObjectStore;
import org.lakefsbackup.core.store.StoreStats;

/**
 * The behaviour every {@link ObjectStore} implementation must have. Extend it, supply the store and fresh empty
 * locations, and override the hooks for what a store cannot do (objects that are also prefixes, user metadata).
 * Each test works under its own {@link #newRoot()} so tests never see each other's objects.
 */
public abstract class ObjectStoreContract {
    /** Keys whose order differs between naive orders and {@link KeyOrder}. */
    protected static final List<String> TRICKY_KEYS = List.of(
            "a-c", "a/b", "a/c/d", "a0", "ab", "b", "B", "sp ace", "a+b", "percent%2F", "ümlaut", "é",
            "\uE000-private-use", "\uFF21-fullwidth", "z");
    /** A supplementary character (UTF-16 surrogates D83D DE00) and BMP characters above U+D800. */
    protected static final List<String> SUPPLEMENTARY_KEYS = List.of(
            "\uD83D\uDE00-emoji", "\uE000-private-use", "\uFF21-fullwidth", "\uD7FF-below-surrogates", "z");

    /** The store under test. */
    protected abstract ObjectStore store();

    /** A new, empty location (a prefix nothing else uses) in the store's main bucket, container or directory. */
    protected abstract Location newRoot();

    /** A new, empty location in a different bucket, container or directory tree of the same store. */
    protected abstract Location newRootElsewhere();

    /** Whether {@code a} and {@code a/b} can both be objects (not on file systems). */
    protected boolean supportsObjectAndPrefixWithSameName() {
        return true;
    }

    /**
     * Whether the store lists a supplementary character after BMP characters above U+D800, as S3, Azure and
     * {@link KeyOrder} do. An emulator sorting by UTF-16 (S3Proxy) returns {@code false} here.
     */
    protected boolean listsSupplementaryCharactersInCodePointOrder() {
        return true;
    }

    /** Writes an object with a content type and user metadata; unsupported stores skip the metadata tests. */
    protected void putWithMetadata(Location location, byte[] content, String contentType, Map<String, String> metadata) {
        assumeTrue(false, "the store keeps no user metadata");
    }

    /** The content type and user metadata of an object, as {@code "content-type"} plus the user keys. */
    protected Map<String, String> metadataOf(Location location) {
        throw new UnsupportedOperationException();
    }

    /**
     * Asserts that a listed or headed object identifies {@code content}: by default it has an ETag, and every
     * checksum the store vouches for ({@link ObjectInfo#checksums()}: a stored one, an ETag the store says is an
     * MD5) is the content's. Stores override it to say which identity they keep.
     */
    protected void assertIdentifiesContent(ObjectInfo info, byte[] content) {
        assertThat(info.etag()).isNotBlank();
        assertChecksumsOf(info.checksums(), content);
    }

    /** Asserts that a copy carries its source's content identity: by default the same ETag. */
    protected void assertSameContentIdentity(ObjectInfo copy, ObjectInfo source) {
        assertThat(copy.etag()).isEqualTo(source.etag());
    }

    /** Whether a HEAD always vouches for a content checksum (a stored one, or an ETag the store says is an MD5). */
    protected boolean headReportsAChecksum() {
        return true;
    }

    /** Whether a copy reports the checksum of the algorithm it was asked for (S3Proxy keeps no checksums). */
    protected boolean computesRequestedChecksums() {
        return true;
    }

    /** Whether every copy reports a content checksum (a computed one, or an ETag the store says is an MD5). */
    protected boolean copyReportsAChecksum() {
        return true;
    }

    /** Whether a copy of a large object (S3: multipart) reports a content checksum. */
    protected boolean identifiesMultipartCopies() {
        return true;
    }

    /** How many keys the paging test writes; at least a few pages of the store's configured page size. */
    protected int pagingKeyCount() {
        return 2500;
    }

    /** Size of the objects in the large-copy and streamed-upload tests: more than one part or copy threshold. */
    protected int largeObjectSize() {
        return 12 * 1024 * 1024;
    }

    // ---- listing

    @Test
    void listsEveryKeyInCodePointOrder() {
        Location root = newRoot();
        for (String key : shuffled(TRICKY_KEYS)) {
            store().put(root.resolve(key), key.getBytes(UTF_8));
        }
        List<String> listed = keys(store().list(root, null));

        assertThat(listed).containsExactlyElementsOf(TRICKY_KEYS.stream().sorted(KeyOrder.COMPARATOR).toList());
        assertThat(listed.indexOf("a-c")).isLessThan(listed.indexOf("a/b"));
        assertThat(listed.indexOf("a/c/d")).isLessThan(listed.indexOf("a0"));
    }

    @Test
    void listsSupplementaryCharactersAfterEveryBmpCharacter() {
        Location root = newRoot();
        for (String key : SUPPLEMENTARY_KEYS) {
            store().put(root.resolve(key), key.getBytes(UTF_8));
        }
        List<String> listed = keys(store().list(root, null));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(SUPPLEMENTARY_KEYS);
        assumeTrue(listsSupplementaryCharactersInCodePointOrder(), "the store sorts by UTF-16 code units");
        // UTF-16 order would put the surrogate pair of U+1F600 before U+E000 and U+FF21
        assertThat(listed).containsExactly("z", "\uD7FF-below-surrogates", "\uE000-private-use", "\uFF21-fullwidth",
                "\uD83D\uDE00-emoji");
        assertThat(keys(store().list(root, "\uE000-private-use")))
                .containsExactly("\uFF21-fullwidth", "\uD83D\uDE00-emoji");
    }

    @Test
    void listsAnObjectBeforeKeysUnderItsNameAsPrefix() {
        assumeTrue(supportsObjectAndPrefixWithSameName(), "the store cannot hold 'a' and 'a/b' together");
        Location root = newRoot();
        for (String key : List.of("a/b", "a0", "a", "a-c")) {
            store().put(root.resolve(key), new byte[] {1});
        }
        assertThat(keys(store().list(root, null))).containsExactly("a", "a-c", "a/b", "a0");
        assertThat(keys(store().list(root.resolve("a"), null))).containsExactly("b");
    }

    @Test
    void listsOnlyKeysUnderThePrefix() {
        Location root = newRoot();
        for (String key : List.of("p/x", "p/y/z", "p-other/x", "px", "o/p/x")) {
            store().put(root.resolve(key), new byte[] {1});
        }
        assertThat(keys(store().list(root.resolve("p"), null))).containsExactly("x", "y/z");
        assertThat(keys(store().list(root.resolve("p/y"), null))).containsExactly("z");
        assertThat(keys(store().list(root.resolve("missing"), null))).isEmpty();
    }

    @Test
    void reportsSizeAndEtagInListings() {
        Location root = newRoot();
        byte[] content = "hello".getBytes(UTF_8);
        store().put(root.resolve("k"), content);
        List<ObjectInfo> listed = list(root, null);
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).key()).isEqualTo("k");
        assertThat(listed.get(0).size()).isEqualTo(5);
        assertIdentifiesContent(listed.get(0), content);
    }

    @Test
    void pagesThroughManyKeys() {
        Location root = newRoot();
        int n = pagingKeyCount();
        List<String> expected = IntStream.range(0, n).mapToObj(i -> String.format("d%d/k%05d", i % 3, i))
                .sorted(KeyOrder.COMPARATOR).toList();
        expected.parallelStream().forEach(k -> store().put(root.resolve(k), k.getBytes(UTF_8)));

        assertThat(keys(store().list(root, null))).containsExactlyElementsOf(expected);
        String middle = expected.get(n / 2);
        assertThat(keys(store().list(root, middle))).containsExactlyElementsOf(expected.subList(n / 2 + 1, n));
    }

    /**
     * Writes a namespace shaped like lakeFS's over a few pages: a key before {@code _lakefs/}, {@code _lakefs/} keys,
     * {@code data/<partition>/} prefixes of 1 to 130 keys (one with a deeper sub-prefix), keys between the
     * partitions ({@code data/g02-x} sorts before {@code data/g02/}, {@code data/g020} after it), a key directly in
     * {@code data/} and keys after it. Returns its keys in {@link KeyOrder}.
     */
    protected List<String> writeManyPrefixNamespace(Location root) {
        List<String> keys = new ArrayList<>(List.of("README", "_lakefs/retention/gc/rules/config.json",
                "data/g02-x", "data/g020", "data/loose", "data/g06/sub/x", "data/g06/sub/y", "data~tail", "zz"));
        IntStream.range(0, 10).forEach(i -> keys.add(String.format("_lakefs/mr%02d", i)));
        int[] sizes = {60, 1, 40, 0, 130, 2, 5, 30};
        for (int g = 0; g < sizes.length; g++) {
            for (int i = 0; i < sizes[g]; i++) {
                keys.add(String.format("data/g%02d/c%04d", g, i));
            }
        }
        keys.parallelStream().forEach(k -> store().put(root.resolve(k), k.getBytes(UTF_8)));
        return keys.stream().sorted(KeyOrder.COMPARATOR).toList();
    }

    @Test
    void listsANamespaceOfManyPrefixesInOrderFromAnyKey() {
        Location root = newRoot();
        List<String> expected = writeManyPrefixNamespace(root);

        assertThat(keys(store().list(root, null))).containsExactlyElementsOf(expected);
        assertThat(keys(store().list(root.resolve("data"), null))).containsExactlyElementsOf(expected.stream()
                .filter(k -> k.startsWith("data/")).map(k -> k.substring("data/".length())).toList());
        // resuming: after keys, after prefixes that are not keys, in gaps between prefixes, inside a partition
        for (String after : List.of("README", "_lakefs/mr03", "_lakefs/", "data/g01/", "data/g02-x", "data/g02/",
                "data/g03", "data/g04/c0050", "data/g06/sub/", "data/g07/c0029", "data/zzz", "data~tail", "zz")) {
            assertThat(keys(store().list(root, after))).as("after %s", after).containsExactlyElementsOf(
                    expected.stream().filter(k -> KeyOrder.compare(k, after) > 0).toList());
        }
    }

    /**
     * The same store listing one page after another, for stores whose listings otherwise fetch key ranges
     * concurrently (S3: {@code listConcurrency}); {@code null} when the store lists one way only.
     */
    protected ObjectStore sequentialStore() {
        return null;
    }

    @Test
    void listsKeyRangesConcurrentlyExactlyAsOneSequentialListing() {
        ObjectStore sequential = sequentialStore();
        assumeTrue(sequential != null, "the store lists one way only");
        Location root = newRoot();
        writeManyPrefixNamespace(root);
        for (String after : java.util.Arrays.asList(null, "data/g01/", "data/g04/c0050")) {
            StoreStats before = store().stats();
            List<ObjectInfo> ranged = list(root, after);
            long rangedRequests = store().stats().minus(before).totalRequests();
            StoreStats sequentialBefore = sequential.stats();
            List<ObjectInfo> oneByOne;
            try (Stream<ObjectInfo> listing = sequential.list(root, after)) {
                oneByOne = listing.toList();
            }
            long sequentialRequests = sequential.stats().minus(sequentialBefore).totalRequests();
            assertThat(ranged).as("after %s", after).containsExactlyElementsOf(oneByOne);
            // the ranges were listed: the delimiter listings and the ranges cost more requests than paging through
            assertThat(rangedRequests).as("after %s", after).isGreaterThan(sequentialRequests);
        }
    }

    @Test
    void startsAfterTheGivenKey() {
        Location root = newRoot();
        for (String key : List.of("a-c", "a/b", "a/c/d", "a0", "b")) {
            store().put(root.resolve(key), new byte[] {1});
        }
        assertThat(keys(store().list(root, ""))).containsExactly("a-c", "a/b", "a/c/d", "a0", "b");
        assertThat(keys(store().list(root, "a-c"))).containsExactly("a/b", "a/c/d", "a0", "b");
        assertThat(keys(store().list(root, "a/"))).containsExactly("a/b", "a/c/d", "a0", "b");
        assertThat(keys(store().list(root, "a/b"))).containsExactly("a/c/d", "a0", "b");
        assertThat(keys(store().list(root, "a/c"))).containsExactly("a/c/d", "a0", "b");
        assertThat(keys(store().list(root, "a/c/d"))).containsExactly("a0", "b");
        assertThat(keys(store().list(root, "a1"))).containsExactly("b");
        assertThat(keys(store().list(root, "zzz"))).isEmpty();
    }

    @Test
    void listsLazily() {
        Location root = newRoot();
        List<String> all = IntStream.range(0, 30).mapToObj(i -> String.format("k%02d", i)).toList();
        all.forEach(k -> store().put(root.resolve(k), new byte[] {1}));

        StoreStats before = store().stats();
        List<String> firstThree;
        try (Stream<ObjectInfo> listing = store().list(root, null)) {
            firstThree = listing.limit(3).map(ObjectInfo::key).toList();
        }
        assertThat(firstThree).containsExactly("k00", "k01", "k02");
        // whatever the store counts, taking three keys must not cost more than the first page
        assertThat(store().stats().minus(before).totalRequests()).isLessThanOrEqualTo(1);
    }

    @Test
    void doesNotListDeletedObjects() {
        Location root = newRoot();
        store().put(root.resolve("a"), new byte[] {1});
        store().put(root.resolve("b/c"), new byte[] {1});
        store().delete(root.resolve("b/c"));
        assertThat(keys(store().list(root, null))).containsExactly("a");
    }

    // ---- head, get, put

    @Test
    void headsAnObject() {
        Location root = newRoot();
        byte[] content = "some content".getBytes(UTF_8);
        store().put(root.resolve("dir/obj"), content);

        Optional<ObjectInfo> info = store().head(root.resolve("dir/obj"));
        assertThat(info).isPresent();
        assertThat(info.get().key()).isEqualTo(root.resolve("dir/obj").key());
        assertThat(info.get().size()).isEqualTo(content.length);
        assertIdentifiesContent(info.get(), content);
        assertThat(info.get().lastModified()).isNotNull();
        if (headReportsAChecksum()) {
            assertThat(info.get().checksums()).as("checksums the store vouches for").isNotEmpty();
        }
        assertChecksumsOf(info.get().checksums(), content);
    }

    @Test
    void headsNothingWhereThereIsNoObject() {
        Location root = newRoot();
        store().put(root.resolve("dir/obj"), new byte[] {1});
        assertThat(store().head(root.resolve("missing"))).isEmpty();
        assertThat(store().head(root.resolve("dir"))).as("a prefix is not an object").isEmpty();
    }

    @Test
    void getsWhatWasPut() {
        Location target = newRoot().resolve("doc.json");
        assertThat(store().get(target)).isEmpty();
        store().put(target, "{\"v\":1}".getBytes(UTF_8));
        assertThat(store().get(target)).hasValueSatisfying(b -> assertThat(new String(b, UTF_8)).isEqualTo("{\"v\":1}"));
        store().put(target, "{\"v\":2}".getBytes(UTF_8));
        assertThat(store().get(target)).hasValueSatisfying(b -> assertThat(new String(b, UTF_8)).isEqualTo("{\"v\":2}"));
    }

    @Test
    void putsAnEmptyObject() {
        Location target = newRoot().resolve("empty");
        store().put(target, new byte[0]);
        assertThat(store().head(target)).hasValueSatisfying(i -> assertThat(i.size()).isZero());
        assertThat(store().get(target)).hasValueSatisfying(b -> assertThat(b).isEmpty());
    }

    @Test
    void writesOnlyTheFirstPutIfAbsent() {
        Location target = newRoot().resolve("lock");
        assertThat(store().putIfAbsent(target, "first".getBytes(UTF_8))).isTrue();
        assertThat(store().putIfAbsent(target, "second".getBytes(UTF_8))).isFalse();
        assertThat(store().get(target)).hasValueSatisfying(b -> assertThat(new String(b, UTF_8)).isEqualTo("first"));
    }

    @Test
    void replacesADocumentOnlyWhileItsEtagStillMatches() {
        Location target = newRoot().resolve("lease.json");
        assertThat(store().getVersioned(target)).isEmpty();
        assertThat(store().replaceIfMatch(target, "x".getBytes(UTF_8), "0123456789abcdef0123456789abcdef"))
                .as("nothing to replace").isFalse();
        assertThat(store().get(target)).as("a failed replace creates nothing").isEmpty();
        store().put(target, "v1".getBytes(UTF_8));
        ObjectStore.Versioned v1 = store().getVersioned(target).orElseThrow();
        assertThat(new String(v1.content(), UTF_8)).isEqualTo("v1");
        assertThat(store().replaceIfMatch(target, "v2".getBytes(UTF_8), v1.etag())).isTrue();
        assertThat(store().replaceIfMatch(target, "v3".getBytes(UTF_8), v1.etag()))
                .as("the tag read before the first replace is stale").isFalse();
        ObjectStore.Versioned v2 = store().getVersioned(target).orElseThrow();
        assertThat(new String(v2.content(), UTF_8)).isEqualTo("v2");
        assertThat(v2.etag()).isNotEqualTo(v1.etag());
        store().delete(target);
        assertThat(store().replaceIfMatch(target, "v4".getBytes(UTF_8), v2.etag())).as("deleted meanwhile").isFalse();
        assertThat(store().get(target)).isEmpty();
    }

    /** Whether {@code If-Match} and {@code If-None-Match} writes are atomic under concurrency (S3Proxy: checked, not atomic). */
    protected boolean conditionalWritesAreAtomic() {
        return true;
    }

    @Test
    void letsExactlyOneOfConcurrentReplacesOfOneVersionWin() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(conditionalWritesAreAtomic(),
                "this store checks conditions but does not make them atomic");
        Location target = newRoot().resolve("contended.json");
        store().put(target, "start".getBytes(UTF_8));
        String etag = store().getVersioned(target).orElseThrow().etag();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                byte[] content = ("writer " + i).getBytes(UTF_8);
                results.add(pool.submit(() -> store().replaceIfMatch(target, content, etag)));
            }
            int winners = 0;
            for (var r : results) {
                winners += r.get(60, java.util.concurrent.TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
            assertThat(new String(store().get(target).orElseThrow(), UTF_8)).startsWith("writer ");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void opensAStream() throws IOException {
        Location target = newRoot().resolve("s");
        byte[] content = randomBytes(100_000, 1);
        store().put(target, content);
        try (InputStream in = store().open(target)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void failsToOpenAMissingObjectWithNotFound() {
        Location missing = newRoot().resolve("missing");
        assertThatThrownBy(() -> store().open(missing).close()).isInstanceOf(NotFoundException.class);
    }

    @Test
    void uploadsAStreamLargerThanAPart() {
        Location target = newRoot().resolve("big/upload.bin");
        byte[] content = randomBytes(largeObjectSize(), 2);
        store().upload(target, new OneWayStream(content), content.length);

        assertThat(store().head(target)).hasValueSatisfying(i -> assertThat(i.size()).isEqualTo(content.length));
        assertThat(sha256(target)).isEqualTo(sha256(content));
    }

    @Test
    void uploadsASmallStream() {
        Location target = newRoot().resolve("small.bin");
        byte[] content = randomBytes(1000, 3);
        store().upload(target, new OneWayStream(content), content.length);
        assertThat(store().get(target)).hasValue(content);
    }

    @Test
    void rejectsAnUploadWhoseStreamIsShorterThanItsLength() {
        Location target = newRoot().resolve("short.bin");
        byte[] content = randomBytes(1000, 4);
        assertThatThrownBy(() -> store().upload(target, new OneWayStream(content), 2000))
                .isInstanceOfSatisfying(LakeFsBackupException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThat(store().head(target)).isEmpty();
    }

    // ---- copy, delete

    @Test
    void copiesWithinTheStore() {
        Location root = newRoot();
        byte[] content = randomBytes(10_000, 5);
        store().put(root.resolve("src/a"), content);

        copy(root.resolve("src/a"), root.resolve("dst/a"), content.length);
        copy(root.resolve("src/a"), root.resolve("dst/b"), -1);

        assertThat(store().get(root.resolve("dst/a"))).hasValue(content);
        assertThat(store().get(root.resolve("dst/b"))).hasValue(content);
        assertSameContentIdentity(store().head(root.resolve("dst/a")).orElseThrow(),
                store().head(root.resolve("src/a")).orElseThrow());
        assertThat(store().get(root.resolve("src/a"))).as("the source stays").hasValue(content);
    }

    @Test
    void reportsChecksumsOfWhatACopyWrote() {
        Location root = newRoot();
        byte[] content = randomBytes(30_000, 12);
        store().put(root.resolve("src"), content);
        for (ChecksumAlgorithm algorithm : new ChecksumAlgorithm[] {null, ChecksumAlgorithm.SHA256,
                ChecksumAlgorithm.CRC32C, ChecksumAlgorithm.CRC64NVME}) {
            Location target = root.resolve("dst-" + algorithm);
            CopyResult result = store().copy(CopyRequest.builder(root.resolve("src"), target)
                    .expectedSize(content.length).checksumAlgorithm(algorithm).build());

            assertThat(store().get(target)).hasValue(content);
            assertChecksumsOf(result.checksums(), content);
            if (copyReportsAChecksum()) {
                assertThat(result.checksums()).as("checksums of a copy with " + algorithm).isNotEmpty();
            }
            if (computesRequestedChecksums() && algorithm != null) {
                assertThat(result.checksum()).isNotNull().extracting(Checksum::algorithm).isEqualTo(algorithm);
            }
        }
    }

    @Test
    void copiesAcrossBucketsOrContainers() {
        Location from = newRoot().resolve("obj \u00e9\uD83D\uDE00");
        Location to = newRootElsewhere().resolve("copied/obj \u00e9\uD83D\uDE00");
        byte[] content = randomBytes(20_000, 6);
        store().put(from, content);

        copy(from, to, content.length);

        assertThat(store().get(to)).hasValue(content);
    }

    @Test
    void copiesReplaceTheTarget() {
        Location root = newRoot();
        store().put(root.resolve("src"), "new".getBytes(UTF_8));
        store().put(root.resolve("dst"), "old content".getBytes(UTF_8));
        copy(root.resolve("src"), root.resolve("dst"), 3);
        assertThat(store().get(root.resolve("dst"))).hasValueSatisfying(b -> assertThat(b).isEqualTo("new".getBytes(UTF_8)));
    }

    @Test
    void copiesKeepMetadata() {
        Location root = newRoot();
        Map<String, String> metadata = Map.of("origin", "contract-test", "owner", "lakefs");
        putWithMetadata(root.resolve("src"), "x".getBytes(UTF_8), "application/x-test", metadata);

        copy(root.resolve("src"), root.resolve("dst"), 1);
        copy(root.resolve("src"), newRootElsewhere().resolve("dst"), -1);

        assertThat(metadataOf(root.resolve("dst"))).containsEntry("content-type", "application/x-test")
                .containsAllEntriesOf(metadata);
    }

    @Test
    void copiesLargeObjectsExactly() {
        Location root = newRoot();
        byte[] content = randomBytes(largeObjectSize(), 7);
        store().upload(root.resolve("large/src"), new ByteArrayInputStream(content), content.length);

        copy(root.resolve("large/src"), root.resolve("large/dst"), content.length);
        Location elsewhere = newRootElsewhere().resolve("large/dst");
        copy(root.resolve("large/src"), elsewhere, -1);

        assertThat(store().head(root.resolve("large/dst"))).hasValueSatisfying(i -> assertThat(i.size())
                .isEqualTo(content.length));
        assertThat(sha256(root.resolve("large/dst"))).isEqualTo(sha256(content));
        assertThat(sha256(elsewhere)).isEqualTo(sha256(content));
        CopyResult crc = store().copy(CopyRequest.builder(root.resolve("large/src"), root.resolve("large/crc"))
                .expectedSize(content.length).checksumAlgorithm(ChecksumAlgorithm.CRC64NVME).build());
        assertChecksumsOf(crc.checksums(), content);
        if (identifiesMultipartCopies()) {
            assertThat(crc.checksums()).as("checksums of a large copy").isNotEmpty();
        }
    }

    @Test
    void copiesLargeObjectsKeepingMetadata() {
        Location root = newRoot();
        Map<String, String> metadata = Map.of("origin", "contract-test");
        putWithMetadata(root.resolve("src"), randomBytes(largeObjectSize(), 8), "application/x-large", metadata);

        copy(root.resolve("src"), root.resolve("dst"), largeObjectSize());

        assertThat(metadataOf(root.resolve("dst"))).containsEntry("content-type", "application/x-large")
                .containsAllEntriesOf(metadata);
    }

    @Test
    void failsToCopyAMissingSourceWithNotFound() {
        Location root = newRoot();
        assertThatThrownBy(() -> copy(root.resolve("missing"), root.resolve("dst"), -1))
                .isInstanceOf(NotFoundException.class);
        assertThat(store().head(root.resolve("dst"))).isEmpty();
    }

    @Test
    void deletesObjects() {
        Location target = newRoot().resolve("d/e");
        store().put(target, new byte[] {1});
        store().delete(target);
        assertThat(store().head(target)).isEmpty();
        store().delete(target); // deleting what is not there is fine
        assertThat(store().get(target)).isEmpty();
    }

    @Test
    void deletesManyObjectsAtOnceAndLeavesTheOthers() {
        Location root = newRoot().resolve("batch");
        List<Location> doomed = new ArrayList<>();
        for (int i = 0; i < 12; i++) { // batching itself is the store's own test (S3: 1,000 keys per request)
            Location l = root.resolve(String.format("gone/%04d", i));
            if (i % 4 == 0) {
                store().put(l, new byte[] {(byte) i});
            }
            doomed.add(l); // most of them never existed: deleting what is not there is fine
        }
        Location kept = root.resolve("kept");
        store().put(kept, new byte[] {7});
        store().deleteAll(doomed);
        assertThat(keys(store().list(root, null))).containsExactly("kept");
        store().deleteAll(doomed); // again: nothing left to delete
        store().deleteAll(List.of());
        assertThat(store().get(kept)).isPresent();
    }

    @Test
    void supportsItsOwnLocations() {
        assertThat(store().supports(newRoot())).isTrue();
        assertThat(store().supports(newRootElsewhere())).isTrue();
    }

    // ---- helpers for subclasses

    /** Copies with a request of the given expected size and every other default. */
    protected CopyResult copy(Location source, Location target, long expectedSize) {
        return store().copy(CopyRequest.builder(source, target).expectedSize(expectedSize).build());
    }

    /** Every full-object checksum in {@code checksums} is the one of {@code content}. */
    protected static void assertChecksumsOf(List<Checksum> checksums, byte[] content) {
        for (Checksum c : checksums) {
            if (c.composite()) {
                continue;
            }
            ChecksumCalculator calculator = c.algorithm().calculator();
            calculator.update(content, 0, content.length);
            assertThat(c).as("the reported " + c.algorithm().id()).isEqualTo(calculator.finish());
        }
    }

    protected List<ObjectInfo> list(Location prefix, String startAfter) {
        try (Stream<ObjectInfo> s = store().list(prefix, startAfter)) {
            return s.toList();
        }
    }

    protected static List<String> keys(Stream<ObjectInfo> listing) {
        try (listing) {
            return listing.map(ObjectInfo::key).toList();
        }
    }

    /** {@code size} pseudo-random bytes from {@code seed}. */
    public static byte[] randomBytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    protected String sha256(Location location) {
        return sha256(store(), location);
    }

    /** The hex SHA-256 of an object's content, read as a stream. */
    public static String sha256(ObjectStore store, Location location) {
        try (InputStream in = store.open(location)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hex SHA-256 of {@code content}. */
    public static String sha256(byte[] content) {
        return digest("SHA-256", content);
    }

    protected static String md5Hex(byte[] content) {
        return digest("MD5", content);
    }

    private static String digest(String algorithm, byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> shuffled(List<String> keys) {
        List<String> copy = new ArrayList<>(keys);
        java.util.Collections.shuffle(copy, new Random(42));
        return copy;
    }

    /** A stream that cannot be reset or re-read, like a network body: implementations must not rely on mark. */
    protected static final class OneWayStream extends FilterInputStream {
        public OneWayStream(byte[] content) {
            super(new ByteArrayInputStream(content));
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public synchronized void mark(int limit) {
        }

        @Override
        public synchronized void reset() throws IOException {
            throw new IOException("mark/reset not supported");
        }
    }
}
