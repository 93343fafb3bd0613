package org.lakefsbackup.testkit.lakefs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lakefs.clients.sdk.ApiClient;
import io.lakefs.clients.sdk.ApiException;
import io.lakefs.clients.sdk.BranchesApi;
import io.lakefs.clients.sdk.CommitsApi;
import io.lakefs.clients.sdk.ConfigApi;
import io.lakefs.clients.sdk.InternalApi;
import io.lakefs.clients.sdk.ObjectsApi;
import io.lakefs.clients.sdk.RefsApi;
import io.lakefs.clients.sdk.RepositoriesApi;
import io.lakefs.clients.sdk.StagingApi;
import io.lakefs.clients.sdk.TagsApi;
import io.lakefs.clients.sdk.model.BranchCreation;
import io.lakefs.clients.sdk.model.Commit;
import io.lakefs.clients.sdk.model.CommitCreation;
import io.lakefs.clients.sdk.model.ObjectStats;
import io.lakefs.clients.sdk.model.Repository;
import io.lakefs.clients.sdk.model.RepositoryCreation;
import io.lakefs.clients.sdk.model.StagingLocation;
import io.lakefs.clients.sdk.model.StagingMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.lakefsbackup.core.store.CopyRequest;
import org.lakefsbackup.core.store.Location;
import org.junit.jupiter.api.Assumptions;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.ObjectStore;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.testkit.real.RealLakeFs;
import org.lakefsbackup.testkit.real.ServerBinaries;
import org.lakefsbackup.testkit.s3.EmbeddedS3;
import org.lakefsbackup.testkit.store.InMemoryObjectStore;

/**
 * A lakeFS for the behaviour contract ({@code LakeFs*Contract}) plus SDK clients for it: the emulator on an
 * in-memory S3 store, or real lakeFS on the embedded S3 server ({@link #realLakeFs()}). {@link #store} is the
 * store the namespaces live in, for tests that look at or change namespace objects directly.
 */
final class EmulatorFixture implements AutoCloseable {
    static final String KEY_ID = "AKIAEMULATORTEST";
    static final String SECRET = "emulator-secret-access-key";
    /** Buckets the contract tests use; real S3 servers need them created. */
    static final List<String> BUCKETS = List.of("bucket", "lake", "backup", "imports", "external", "elsewhere",
            "other");

    /** The environment lakeFS actions see on both (real lakeFS: variables of its process). */
    static final Map<String, String> ACTIONS_ENVIRONMENT = Map.of("LAKEFSACTION_CONTRACT_VALUE",
            "value-from-the-environment");

    final ObjectStore store;
    final Storage storage;
    private final LakeFsEmulator emulator;
    private final RealLakeFs real;
    private final EmbeddedS3 s3;
    private final String endpoint;
    final ApiClient client;
    final RepositoriesApi repositories;
    final BranchesApi branches;
    final CommitsApi commits;
    final ObjectsApi objects;
    final RefsApi refs;
    final TagsApi tags;
    final InternalApi internal;
    final ConfigApi config;

    EmulatorFixture() {
        this(Clock.systemUTC());
    }

    EmulatorFixture(Clock clock) {
        this(null, clock);
    }

    private EmulatorFixture(ServerBinaries.LakeFs binaries, Clock clock) {
        if (binaries == null) {
            store = new InMemoryObjectStore(Location.Scheme.S3);
            storage = Storage.of(store);
            emulator = LakeFsEmulator.builder().storage(storage).credentials(KEY_ID, SECRET).version("1.53.1")
                    .clock(clock).actionsEnvironment(ACTIONS_ENVIRONMENT).build().start();
            real = null;
            s3 = null;
            endpoint = emulator.endpoint();
        } else {
            s3 = EmbeddedS3.start();
            BUCKETS.forEach(s3::createBucket);
            store = s3.newStore();
            storage = Storage.of(store);
            emulator = null;
            real = RealLakeFs.builder(binaries).credentials(KEY_ID, SECRET)
                    .s3Blockstore(s3.endpoint(), s3.accessKeyId(), s3.secretAccessKey())
                    .environment(ACTIONS_ENVIRONMENT).start();
            endpoint = real.endpoint();
        }
        client = client(KEY_ID, SECRET);
        repositories = new RepositoriesApi(client);
        branches = new BranchesApi(client);
        commits = new CommitsApi(client);
        objects = new ObjectsApi(client);
        refs = new RefsApi(client);
        tags = new TagsApi(client);
        internal = new InternalApi(client);
        config = new ConfigApi(client);
    }

    /** Real lakeFS {@link ServerBinaries#LAKEFS_VERSION} on the embedded S3 server; skips the test if unavailable. */
    static EmulatorFixture realLakeFs() {
        return new EmulatorFixture(ServerBinaries.requireLakeFs(ServerBinaries.LAKEFS_VERSION), Clock.systemUTC());
    }

    boolean isEmulator() {
        return emulator != null;
    }

    /**
     * The emulator, for its switches (versions, task delays, lost tasks, hook failures) and request counts; on real
     * lakeFS the calling test is skipped: nothing there flips those at run time.
     */
    LakeFsEmulator emulator() {
        Assumptions.assumeTrue(emulator != null, "an emulator switch: real lakeFS has no such control");
        return emulator;
    }

    /** The API base URL ending in {@code /api/v1}. */
    String endpoint() {
        return endpoint;
    }

    ApiClient client(String keyId, String secret) {
        return SampleRepository.client(endpoint, keyId, secret);
    }

    Repository createRepository(String name, String namespace) throws ApiException {
        return repositories.createRepository(new RepositoryCreation().name(name).storageNamespace(namespace))
                .execute();
    }

    Repository createBareRepository(String name, String namespace, String defaultBranch) throws ApiException {
        return repositories.createRepository(new RepositoryCreation().name(name).storageNamespace(namespace)
                .defaultBranch(defaultBranch)).bare(true).execute();
    }

    ObjectStats upload(String repo, String branch, String path, String content) throws ApiException {
        try {
            Path file = Files.createTempFile("emulator-upload", ".bin");
            try {
                Files.writeString(file, content);
                return objects.uploadObject(repo, branch, path).content(file.toFile()).execute();
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stages an object at an address given by the client (as imports do) via {@code linkPhysicalAddress}. */
    ObjectStats link(String repo, String branch, String path, String physicalAddress, String checksum, long size)
            throws ApiException {
        return new StagingApi(client).linkPhysicalAddress(repo, branch, path, new StagingMetadata()
                .staging(new StagingLocation().physicalAddress(physicalAddress)).checksum(checksum).sizeBytes(size)
                .mtime(1L)).execute();
    }

    String read(String repo, String ref, String path) throws ApiException {
        try {
            Path file = objects.getObject(repo, ref, path).execute().toPath();
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Commit commit(String repo, String branch, String message) throws ApiException {
        return commits.commit(repo, branch, new CommitCreation().message(message)).execute();
    }

    String createBranch(String repo, String name, String source) throws ApiException {
        return branches.createBranch(repo, new BranchCreation().name(name).source(source)).execute();
    }

    /** Copies every object under one namespace to another, preserving relative keys, as a backup tool would. */
    int copyNamespace(String from, String to) {
        Location source = Location.parse(from);
        Location target = Location.parse(to);
        List<ObjectInfo> objectsToCopy;
        try (var listing = store.list(source, null)) {
            objectsToCopy = listing.toList();
        }
        objectsToCopy.forEach(o -> storage.copy(CopyRequest.builder(source.resolve(o.key()), target.resolve(o.key())).expectedSize(o.size()).build()));
        return objectsToCopy.size();
    }

    List<String> keys(String namespace) {
        try (var listing = store.list(Location.parse(namespace), null)) {
            return listing.map(ObjectInfo::key).toList();
        }
    }

    /**
     * Waits (at most 30 s) until a deleted repository answers 404. lakeFS caches repository records (5 s plus
     * jitter), so a deleted repository still answers for a few seconds; the emulator forgets it at once.
     */
    void awaitGone(String repository) throws Exception {
        awaitStatus(() -> repositories.getRepository(repository).execute(), 404);
    }

    /** Retries a write (at most 30 s) until lakeFS refuses it with 403, e.g. while settings caches expire. */
    void awaitRefused(ThrowingCall write) throws Exception {
        awaitStatus(write, 403);
    }

    private static void awaitStatus(ThrowingCall call, int status) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                call.run();
            } catch (ApiException e) {
                if (e.getCode() == status) {
                    return;
                }
                throw e;
            }
            assertThat(System.nanoTime()).as("no HTTP %d within 30 s", status).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** Runs a call that must fail and returns the SDK's exception. */
    static ApiException failure(ThrowingCall call) {
        ApiException e = catchThrowableOfType(ApiException.class, call::run);
        assertThat(e).as("expected the call to fail").isNotNull();
        return e;
    }

    @FunctionalInterface
    interface ThrowingCall {
        void run() throws Exception;
    }

    @Override
    public void close() {
        if (emulator != null) {
            emulator.close();
        }
        if (real != null) {
            real.close();
        }
        storage.close();
        if (s3 != null) {
            s3.close();
        }
    }
}
