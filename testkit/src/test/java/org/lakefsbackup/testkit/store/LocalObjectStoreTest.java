package org.lakefsbackup.testkit.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lakefsbackup.core.store.CopyRequest;
import org.lakefsbackup.core.error.InvalidInputException;
import org.lakefsbackup.core.error.InvalidManifestException;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectStore;
import org.lakefsbackup.core.store.local.LocalObjectStore;

class LocalObjectStoreTest {
    private static final AtomicInteger ROOTS = new AtomicInteger();

    @TempDir
    Path blockstore;
    @TempDir
    Path files;

    private LocalObjectStore store;

    private LocalObjectStore store() {
        if (store == null) {
            store = LocalObjectStore.withLocalRoot(blockstore);
        }
        return store;
    }

    private Location localRoot() {
        return Location.parse("local://ns-" + ROOTS.incrementAndGet());
    }

    private Location fileRoot() {
        return Location.parse("file://" + files.toAbsolutePath() + "/ns-" + ROOTS.incrementAndGet());
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    /** The contract on the local file system; each scheme's "elsewhere" is the other scheme. */
    abstract class FileSystemContract extends ObjectStoreContract {
        @Override
        protected ObjectStore store() {
            return LocalObjectStoreTest.this.store();
        }

        @Override
        protected boolean supportsObjectAndPrefixWithSameName() {
            return false;
        }

        @Override
        protected int pagingKeyCount() {
            return 600; // files have no pages; this checks many directory entries, cheaper than 2500 files
        }
    }

    @Nested
    class LocalScheme extends FileSystemContract {
        @Override
        protected Location newRoot() {
            return localRoot();
        }

        @Override
        protected Location newRootElsewhere() {
            return fileRoot();
        }
    }

    @Nested
    class FileScheme extends FileSystemContract {
        @Override
        protected Location newRoot() {
            return fileRoot();
        }

        @Override
        protected Location newRootElsewhere() {
            return localRoot();
        }
    }

    @Test
    void resolvesLocalKeysUnderTheBlockstoreRoot() throws IOException {
        Location location = Location.parse("local://repo-ns/data/obj");
        store().put(location, "x".getBytes(UTF_8));
        assertThat(blockstore.resolve("repo-ns/data/obj")).hasContent("x");
        assertThat(store().path(location)).isEqualTo(blockstore.toAbsolutePath().resolve("repo-ns/data/obj"));
    }

    @Test
    void servesFileLocationsAtTheirAbsolutePath() {
        Path target = files.resolve("abs/obj");
        store().put(Location.parse("file://" + target.toAbsolutePath()), "y".getBytes(UTF_8));
        assertThat(target).hasContent("y");
    }

    @Test
    void refusesLocalLocationsWithoutARoot() {
        LocalObjectStore filesOnly = LocalObjectStore.filesOnly();
        assertThat(filesOnly.supports(Location.parse("local://ns"))).isFalse();
        assertThat(filesOnly.supports(Location.parse("file:///tmp/x"))).isTrue();
        assertThatThrownBy(() -> filesOnly.get(Location.parse("local://ns/k"))).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void refusesToWriteAStoreRoot() {
        Location storeRoot = new Location(Location.Scheme.LOCAL, "", "", "");
        assertThatThrownBy(() -> store().put(storeRoot, new byte[0]))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void neverListsTemporaryFiles() throws IOException {
        Location root = localRoot();
        store().put(root.resolve("a/b"), new byte[] {1});
        Path dir = store().path(root.resolve("a"));
        Files.write(dir.resolve(LocalObjectStore.TEMP_PREFIX + "leftover"), new byte[] {2});
        Files.createDirectories(store().path(root).resolve("empty-dir"));

        try (var listing = store().list(root, null)) {
            assertThat(listing.map(i -> i.key()).toList()).containsExactly("a/b");
        }
    }

    @Test
    void leavesNoTemporaryFilesBehind() throws IOException {
        Location root = localRoot();
        store().put(root.resolve("p"), new byte[] {1});
        store().putIfAbsent(root.resolve("q"), new byte[] {1});
        store().putIfAbsent(root.resolve("q"), new byte[] {2});
        store().copy(CopyRequest.builder(root.resolve("p"), root.resolve("r")).expectedSize(1).build());
        try (var entries = Files.list(store().path(root))) {
            assertThat(entries.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("p", "q", "r");
        }
    }

    @Test
    void letsExactlyOneConcurrentPutIfAbsentWin() throws Exception {
        Location target = localRoot().resolve("lock");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = IntStream.range(0, 16)
                    .mapToObj(i -> pool.submit(() -> store().putIfAbsent(target, ("writer " + i).getBytes(UTF_8))))
                    .toList();
            int winners = 0;
            for (Future<Boolean> r : results) {
                winners += r.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
            assertThat(new String(store().get(target).orElseThrow(), UTF_8)).startsWith("writer ");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void startsListingsAfterAKeyWithoutReadingEarlierDirectories() throws IOException {
        Location root = localRoot();
        store().put(root.resolve("a/x"), new byte[] {1});
        store().put(root.resolve("b/y"), new byte[] {1});
        Path early = store().path(root.resolve("a"));
        // an unreadable directory before startAfter must not be read at all
        early.toFile().setReadable(false);
        try {
            assumeFalse(Files.isReadable(early), "cannot make a directory unreadable (running as root?)");
            try (var listing = store().list(root, "a/z")) {
                assertThat(listing.map(i -> i.key()).toList()).containsExactly("b/y");
            }
        } finally {
            early.toFile().setReadable(true);
        }
    }

    @Test
    void refusesToReadAnObjectFileReplacedByALink() throws IOException {
        Location root = fileRoot();
        store().put(root.resolve("objects/data/a"), "mine".getBytes(UTF_8));
        Path host = Files.writeString(files.resolve("host-secret"), "host file");
        Path object = store().path(root.resolve("objects/data/a"));
        Files.delete(object);
        Files.createSymbolicLink(object, host);
        Location link = root.resolve("objects/data/a");
        assertThatThrownBy(() -> store().get(link)).isInstanceOf(InvalidManifestException.class)
                .hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> store().open(link)).isInstanceOf(InvalidManifestException.class);
        assertThatThrownBy(() -> store().head(link)).isInstanceOf(InvalidManifestException.class);
        assertThatThrownBy(() -> store().copy(CopyRequest.builder(link, root.resolve("copy")).expectedSize(-1).build()))
                .isInstanceOf(InvalidManifestException.class);
        assertThatThrownBy(() -> store().list(root, null).toList()).as("a listing meets the link")
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining(object.toString());
        assertThat(store().get(root.resolve("copy"))).as("nothing was copied").isEmpty();
        assertThat(Files.readString(host)).isEqualTo("host file");
    }

    @Test
    void neverReadsOrWritesThroughALinkedDirectory() throws IOException {
        Location root = localRoot();
        store().put(root.resolve("data/keep"), new byte[] {1});
        Path outside = Files.createDirectories(files.resolve("outside"));
        Files.writeString(outside.resolve("x"), "outside");
        Files.createSymbolicLink(store().path(root).resolve("linked"), outside);
        assertThatThrownBy(() -> store().get(root.resolve("linked/x"))).isInstanceOf(InvalidManifestException.class);
        assertThatThrownBy(() -> store().put(root.resolve("linked/y"), new byte[] {2}))
                .isInstanceOf(InvalidManifestException.class);
        assertThatThrownBy(() -> store().list(root, null).toList()).isInstanceOf(InvalidManifestException.class);
        assertThat(outside.resolve("y")).doesNotExist();
    }

    @Test
    void servesALocalRootThatIsItselfALink() throws IOException {
        Path real = Files.createDirectories(files.resolve("real-root"));
        Path link = Files.createSymbolicLink(files.resolve("root-link"), real);
        try (LocalObjectStore linked = LocalObjectStore.withLocalRoot(link)) {
            linked.put(Location.parse("local://ns/k"), new byte[] {7});
            assertThat(linked.get(Location.parse("local://ns/k"))).hasValueSatisfying(b -> assertThat(b).containsExactly(7));
            assertThat(real.resolve("ns/k")).exists();
        }
    }

    @Test
    void letsOneOfTwoStoresReplacingTheSameVersionWin() {
        Location target = localRoot().resolve("lease");
        store().put(target, "v1".getBytes(UTF_8));
        String etag = store().getVersioned(target).orElseThrow().etag();
        try (LocalObjectStore other = LocalObjectStore.withLocalRoot(blockstore)) {
            assertThat(other.replaceIfMatch(target, "other".getBytes(UTF_8), etag)).isTrue();
            assertThat(store().replaceIfMatch(target, "mine".getBytes(UTF_8), etag)).isFalse();
        }
        assertThat(new String(store().get(target).orElseThrow(), UTF_8)).isEqualTo("other");
    }
}
