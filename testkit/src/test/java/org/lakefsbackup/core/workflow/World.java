package org.lakefsbackup.core.workflow;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.lakefsbackup.core.copy.ProgressListener;
import org.lakefsbackup.core.lakefs.LakeFsClient;
import org.lakefsbackup.core.lakefs.LakeFsConfig;
import org.lakefsbackup.core.lakefs.NamedRef;
import org.lakefsbackup.core.lakefs.SdkLakeFsClient;
import org.lakefsbackup.core.lease.LeaseOwner;
import org.lakefsbackup.core.retry.Sleeper;
import org.lakefsbackup.core.step.BackupRequest;
import org.lakefsbackup.core.step.GenerationResult;
import org.lakefsbackup.core.step.Settings;
import org.lakefsbackup.core.step.StepServices;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.testkit.lakefs.LakeFsEmulator;
import org.lakefsbackup.testkit.lakefs.SampleRepository;
import org.lakefsbackup.testkit.store.InMemoryObjectStore;

/**
 * What the core-level workflow tests run against: one in-memory S3 store holding every namespace and backup
 * location, lakeFS emulators on it, clients for them, and helpers to run workflows in-process with waits cut
 * short. Crashes are injected as {@link Crash}, an {@link Error} the runner does not clean up after.
 */
final class World implements AutoCloseable {
    static final String KEY = "AKIAWORKFLOWTEST";
    static final String SECRET = "workflow-test-secret";
    /** The repository {@link #sampleServer} holds. */
    static final String SAMPLE = "sample";
    /** Retries and polls wait at most a few milliseconds. */
    static final Sleeper SHORT_WAIT = d -> Thread.sleep(Math.min(d.toMillis(), 5));
    /** A pid no process can have (above Linux's largest pid_max, 2^22). */
    static final long DEAD_PID = 999_999_937L;

    final InMemoryObjectStore store = new InMemoryObjectStore(Location.Scheme.S3);
    final Storage storage = Storage.of(store);
    private final List<AutoCloseable> open = new ArrayList<>();

    /** The stand-in for kill -9: thrown by a listener or a client, it stops a run where it is. */
    static final class Crash extends Error {
        Crash(String where) {
            super("simulated crash " + where);
        }
    }

    /** A new emulator on this world's store. */
    LakeFsEmulator emulator() {
        LakeFsEmulator e = LakeFsEmulator.builder().storage(storage).credentials(KEY, SECRET).build().start();
        open.add(e);
        return e;
    }

    LakeFsClient client(LakeFsEmulator e) {
        return client(e.endpoint());
    }

    LakeFsClient client(String endpoint) {
        LakeFsClient c = new SdkLakeFsClient(new LakeFsConfig(URI.create(endpoint), KEY, SECRET));
        open.add(c);
        return c;
    }

    SampleRepository sample(LakeFsEmulator e) {
        return new SampleRepository(SampleRepository.client(e.endpoint(), KEY, SECRET));
    }

    /** A new emulator holding {@link SampleRepository}'s sample as {@value #SAMPLE} at s3://source/sample. */
    LakeFsEmulator sampleServer() {
        LakeFsEmulator server = emulator();
        sample(server).create(SAMPLE, "s3://source/sample");
        return server;
    }

    /** Backs the sample up to {@code backup}. */
    GenerationResult backUpSample(LakeFsClient source, String backup) {
        return run(services(source), new BackupWorkflow(), new BackupRequest(SAMPLE, backup, false));
    }

    /** Small chunks so a sample repository makes several copy steps; one chunk at a time, so crashes are exact. */
    static Settings settings() {
        return Settings.defaults().withCopyChunkSize(4).withChunkConcurrency(1).withMaxAttemptsPerObject(2);
    }

    StepServices services(LakeFsClient lakefs) {
        return services(lakefs, settings());
    }

    StepServices services(LakeFsClient lakefs, Settings settings) {
        return new StepServices(lakefs, storage, Clock.systemUTC(), settings);
    }

    /** This host with a pid that no longer runs: the lease holder of a run that was killed. */
    static LeaseOwner deadProcess() {
        return new LeaseOwner(LeaseOwner.currentProcess().host(), DEAD_PID);
    }

    static <I, O> O run(StepServices services, Workflow<I, O> workflow, I input, InProcessRunner.Listener listener) {
        return new InProcessRunner(services, SHORT_WAIT, ProgressListener.NONE, listener).run(workflow, input);
    }

    static <I, O> O run(StepServices services, Workflow<I, O> workflow, I input) {
        return run(services, workflow, input, InProcessRunner.Listener.NONE);
    }

    /** Closes servers and clients this world opened, ahead of its own end (tests that open many). */
    void close(AutoCloseable... resources) {
        for (AutoCloseable c : resources) {
            if (c != null && open.remove(c)) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing test servers: nothing to do about it
                }
            }
        }
    }

    /** Every key under {@code prefix}, relative to it. */
    Set<String> keys(String prefix) {
        try (Stream<ObjectInfo> s = store.list(Location.parse(prefix), null)) {
            return s.map(ObjectInfo::key).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** Keys and ETags (content hashes) under {@code prefix}. */
    Map<String, String> contents(String prefix) {
        try (Stream<ObjectInfo> s = store.list(Location.parse(prefix), null)) {
            Map<String, String> m = new TreeMap<>();
            s.forEach(o -> m.put(o.key(), o.etag()));
            return m;
        }
    }

    /** Waits (at most 10 s) until the condition holds. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    @Override
    public void close() {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception ignored) {
                // closing test servers: nothing to do about it
            }
        }
        storage.close();
    }

    /**
     * What a restore must reproduce exactly: branch heads and hidden flags, tags, protection rules, metadata and
     * every commit reachable from a branch.
     */
    record RepoView(Map<String, String> branches, Set<String> hidden, Map<String, String> tags, List<String> rules,
                    Map<String, String> metadata, Set<String> commits) {
        static RepoView of(LakeFsClient lakefs, String repository) {
            Map<String, String> branches = new TreeMap<>();
            Set<String> visible = new HashSet<>();
            try (Stream<NamedRef> s = lakefs.listBranches(repository, false)) {
                s.forEach(b -> visible.add(b.name()));
            }
            try (Stream<NamedRef> s = lakefs.listBranches(repository, true)) {
                s.forEach(b -> branches.put(b.name(), b.commitId()));
            }
            Set<String> hidden = new TreeSet<>(branches.keySet());
            hidden.removeAll(visible);
            Map<String, String> tags = new TreeMap<>();
            try (Stream<NamedRef> s = lakefs.listTags(repository)) {
                s.forEach(t -> tags.put(t.name(), t.commitId()));
            }
            Set<String> commits = new TreeSet<>();
            for (String head : branches.values()) {
                try (var log = lakefs.logCommits(repository, head)) {
                    log.forEach(c -> commits.add(c.id()));
                }
            }
            return new RepoView(branches, hidden, tags, lakefs.getBranchProtectionRules(repository),
                    new TreeMap<>(lakefs.getRepositoryMetadata(repository)), commits);
        }
    }
}
