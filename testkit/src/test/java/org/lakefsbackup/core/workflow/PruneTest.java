package org.lakefsbackup.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lakefsbackup.core.error.ConflictException;
import org.lakefsbackup.core.error.NotFoundException;
import org.lakefsbackup.core.lakefs.LakeFsClient;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.retention.RetentionPolicy;
import org.lakefsbackup.core.step.BackupRequest;
import org.lakefsbackup.core.step.GenerationResult;
import org.lakefsbackup.core.step.Generations;
import org.lakefsbackup.core.step.PruneRequest;
import org.lakefsbackup.core.step.PruneResult;
import org.lakefsbackup.core.step.RestoreRequest;
import org.lakefsbackup.core.step.RestoreVerification;
import org.lakefsbackup.core.step.StepCatalog;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.ObjectLock;
import org.lakefsbackup.testkit.lakefs.LakeFsEmulator;
import org.lakefsbackup.testkit.lakefs.SampleRepository;

/**
 * Forget and prune over a repository with three generations, where objects lakeFS deleted from the namespace after
 * the first two backups are referenced by those generations only: prune deletes exactly them (and the forgotten
 * generations' own files), never anything the kept generation needs; a dry run changes nothing; a backup's lease
 * keeps prune out; an unfinished restore into another name keeps its generation; locked objects are skipped and
 * reported; and a prune killed after any step, then run again, ends as one clean run with the kept generation
 * restorable.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PruneTest {
    /** The sample protects main: the history is written on dev. */
    static final String BRANCH = "dev";
    static final RetentionPolicy KEEP_LAST_1 = new RetentionPolicy(1, null, null, null, null, null, null);

    World w;
    LakeFsEmulator server;
    LakeFsClient lakefs;
    final AtomicInteger repositories = new AtomicInteger();

    @BeforeAll
    void start() {
        w = new World();
        server = w.emulator();
        lakefs = w.client(server);
    }

    @AfterAll
    void close() {
        w.close();
    }

    /**
     * A repository backed up three times to a fresh location; between the backups lakeFS "garbage-collects" data
     * objects (they leave the namespace), so the first generations hold objects the last one does not.
     */
    final class History {
        final String repo = "prune-" + repositories.incrementAndGet();
        final String namespace = "s3://source/" + repo;
        final String backup = "s3://backups/" + repo;
        final BackupLayout layout = new BackupLayout(Location.parse(backup), repo);
        final List<String> generations = new ArrayList<>();
        /** backed-up keys ({@code objects/...}) only the first two generations reference */
        final Set<String> onlyInOld = new TreeSet<>();
        /** the backed-up key only generation 0 references, then the one only generation 1 references */
        final List<String> onlyIn = new ArrayList<>();

        History() {
            SampleRepository sample = w.sample(server);
            sample.create(repo, namespace);
            String one = addAndCommit(sample, "more/one.csv");
            generations.add(backUp());
            onlyIn.add(removeAndCollect(sample, "more/one.csv", one));
            String two = addAndCommit(sample, "more/two.csv");
            generations.add(backUp());
            onlyIn.add(removeAndCollect(sample, "more/two.csv", two));
            onlyInOld.addAll(onlyIn);
            addAndCommit(sample, "more/three.csv");
            generations.add(backUp());
        }

        /** Adds a file on dev and commits; its namespace key. */
        private String addAndCommit(SampleRepository sample, String path) {
            try {
                sample.upload(repo, BRANCH, Map.of(path, "x," + path + "\n"));
                sample.commit(repo, BRANCH, "add " + path);
            } catch (io.lakefs.clients.sdk.ApiException e) {
                throw new IllegalStateException(e);
            }
            String address;
            try (var objects = lakefs.listObjects(repo, BRANCH)) {
                address = objects.filter(o -> o.path().equals(path)).findFirst().orElseThrow().physicalAddress();
            }
            return address.startsWith(namespace + "/") ? address.substring(namespace.length() + 1) : address;
        }

        /**
         * Deletes the file on dev and commits; then removes its namespace object, as lakeFS's GC does once no
         * retained commit needs it. Its backup key.
         */
        private String removeAndCollect(SampleRepository sample, String path, String key) {
            try {
                new io.lakefs.clients.sdk.ObjectsApi(SampleRepository.client(server.endpoint(), World.KEY,
                        World.SECRET)).deleteObject(repo, BRANCH, path).execute();
                sample.commit(repo, BRANCH, "remove " + path);
            } catch (io.lakefs.clients.sdk.ApiException e) {
                throw new IllegalStateException(e);
            }
            Location object = Location.parse(namespace).resolve(key);
            assertThat(w.store.head(object)).as(key).isPresent();
            w.store.delete(object);
            return BackupLayout.objectKey(key);
        }

        String backUp() {
            return World.run(w.services(lakefs), new BackupWorkflow(), new BackupRequest(repo, backup, false))
                    .generation();
        }

        PruneResult prune(RetentionPolicy policy, boolean dryRun) {
            return World.run(w.services(lakefs), new PruneWorkflow(), new PruneRequest(backup, repo, policy, true,
                    dryRun, false, null));
        }

        Map<String, String> contents() {
            return w.contents(backup);
        }

        Set<String> objects() {
            Set<String> keys = new TreeSet<>();
            w.keys(backup + "/" + repo).stream().filter(k -> k.startsWith("objects/") || k.startsWith("mutable/"))
                    .forEach(keys::add);
            return keys;
        }

        /** Restores the latest generation under a new name and checks it against the backup's manifest. */
        RestoreVerification restoreLatest(String as) {
            LakeFsEmulator target = w.emulator();
            LakeFsClient targetClient = w.client(target);
            RestoreVerification v = World.run(w.services(targetClient), new RestoreWorkflow(),
                    new RestoreRequest(backup, repo, "latest", as, "s3://target/" + repo + "-" + as, false));
            w.close(targetClient, target);
            return v;
        }
    }

    @Test
    void keepLastOneForgetsTheOlderGenerationsAndPruneDeletesExactlyWhatOnlyTheyReferenced() {
        History h = new History();
        Set<String> before = h.objects();
        PruneResult r = h.prune(KEEP_LAST_1, false);

        assertThat(r.forgotten()).containsExactly(h.generations.get(1), h.generations.get(0));
        assertThat(r.kept()).extracting(k -> k.generation()).containsExactly(h.generations.get(2));
        assertThat(r.candidates()).isEqualTo(r.deleted()).isEqualTo(2);
        assertThat(r.locked()).isZero();
        assertThat(r.removedGenerations()).containsExactly(h.generations.get(0), h.generations.get(1));
        Set<String> expected = new TreeSet<>(before);
        expected.removeAll(h.onlyInOld);
        assertThat(h.objects()).as("exactly the unreferenced objects are gone").isEqualTo(expected);
        assertThat(w.keys(h.backup + "/" + h.repo + "/generations")).as("only the kept generation's files remain")
                .allMatch(k -> k.startsWith(h.generations.get(2) + "/"));
        assertThat(w.keys(h.backup + "/_runs")).as("scratch and lease gone").isEmpty();
        assertThat(h.restoreLatest("copy").generation()).isEqualTo(h.generations.get(2));
        assertThat(new Generations(w.storage).list(h.layout)).extracting(GenerationId::value)
                .containsExactly(h.generations.get(2));

        PruneResult again = h.prune(KEEP_LAST_1, false);
        assertThat(again.forgotten()).isEmpty();
        assertThat(again.candidates()).isZero();
    }

    @Test
    void aDryRunReportsTheSameAndChangesNothing() {
        History h = new History();
        Map<String, String> before = h.contents();
        PruneResult dry = h.prune(KEEP_LAST_1, true);
        assertThat(h.contents()).as("nothing written or deleted, no lease").isEqualTo(before);
        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.forgotten()).hasSize(2);
        assertThat(dry.candidates()).isEqualTo(2);
        assertThat(dry.candidateBytes()).isPositive();
        assertThat(dry.sample()).containsExactlyInAnyOrderElementsOf(h.onlyInOld);
        assertThat(dry.deleted()).isZero();

        PruneResult real = h.prune(KEEP_LAST_1, false);
        assertThat(real.candidates()).isEqualTo(dry.candidates());
        assertThat(real.candidateBytes()).isEqualTo(dry.candidateBytes()).isEqualTo(real.deletedBytes());
    }

    @Test
    void aStillCurrentMarkCountsAsABackupAtItsTimeAndPruneRemovesItWithItsGeneration() throws Exception {
        String repo = "prune-marks-" + repositories.incrementAndGet();
        String backup = "s3://backups/" + repo;
        BackupLayout layout = new BackupLayout(Location.parse(backup), repo);
        SampleRepository sample = w.sample(server);
        sample.create(repo, "s3://source/" + repo);
        Instant day1 = Instant.parse("2025-03-01T00:00:00Z");
        Instant day3 = day1.plus(Duration.ofDays(2));
        GenerationResult idle = backUp(repo, backup, "20250301T000000000Z-idle", day1);
        GenerationResult marked = backUp(repo, backup, "20250303T000000000Z-mark", day3);
        assertThat(marked.unchanged()).as("nothing changed since day 1").isTrue();
        assertThat(marked.generation()).isEqualTo(idle.generation());
        sample.upload(repo, BRANCH, Map.of("more/later.csv", "x\n"));
        sample.commit(repo, BRANCH, "later");
        GenerationResult newest = backUp(repo, backup, "20250303T120000000Z-news", day3.plusSeconds(43_200));
        assertThat(newest.unchanged()).isFalse();

        // keep-within 1d of the newest (day 3, 12:00): the idle generation's own time (day 1) is outside, its mark
        // (day 3, 00:00) inside
        RetentionPolicy within = new RetentionPolicy(null, null, null, null, null,
                org.lakefsbackup.core.retention.Span.parse("1d"), null);
        PruneResult kept = World.run(w.services(lakefs), new PruneWorkflow(), new PruneRequest(backup, repo, within,
                false, true, false, null));
        assertThat(kept.forgotten()).isEmpty();
        assertThat(kept.kept()).extracting(k -> k.generation()).containsExactly(newest.generation(),
                idle.generation());

        PruneResult pruned = World.run(w.services(lakefs), new PruneWorkflow(), new PruneRequest(backup, repo,
                KEEP_LAST_1, true, false, false, null));
        assertThat(pruned.removedGenerations()).containsExactly(idle.generation());
        assertThat(w.keys(backup + "/" + repo + "/generations")).as("the mark went with its generation")
                .noneMatch(k -> k.startsWith(idle.generation() + "/"));
        assertThat(new Generations(w.storage).list(layout)).extracting(GenerationId::value)
                .containsExactly(newest.generation());
    }

    private GenerationResult backUp(String repo, String backup, String runId, Instant started) {
        return World.run(w.services(lakefs), new BackupWorkflow(), new BackupRequest(repo, backup, false, runId,
                started, false));
    }

    @Test
    void forgetAloneMarksAndHidesGenerationsAndALaterPruneRemovesThem() {
        History h = new History();
        PruneResult forgot = World.run(w.services(lakefs), new PruneWorkflow(), new PruneRequest(h.backup, h.repo,
                KEEP_LAST_1, false, false, false, null));
        assertThat(forgot.forgotten()).hasSize(2);
        assertThat(forgot.deleted()).isZero();
        assertThat(new Generations(w.storage).list(h.layout)).extracting(GenerationId::value)
                .containsExactly(h.generations.get(2));
        assertThat(w.keys(h.backup + "/" + h.repo + "/generations")).contains(h.generations.get(0) + "/manifest.json",
                h.generations.get(0) + "/forgotten.json");
        assertThatThrownBy(() -> new Generations(w.storage).resolve(h.layout, h.generations.get(0).substring(0,
                h.generations.get(0).length() - 1)))
                .isInstanceOf(NotFoundException.class);
        assertThat(new Generations(w.storage).resolve(h.layout, h.generations.get(0)).value())
                .as("a forgotten generation is still named by its whole id until prune removes it")
                .isEqualTo(h.generations.get(0));

        PruneResult pruned = h.prune(null, false);
        assertThat(pruned.deleted()).isEqualTo(2);
        assertThat(pruned.removedGenerations()).hasSize(2);
    }

    @Test
    void pruneIsRefusedWhileABackupHoldsTheLease() {
        History h = new History();
        w.services(lakefs).leases().acquire(Location.parse(h.backup), h.repo, "backup", "20260101T000000000Z-busy",
                "20260101T000000000Z-busy", "a backup", false);
        Map<String, String> before = h.contents();
        assertThatThrownBy(() -> h.prune(KEEP_LAST_1, false)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("leased by backup run");
        assertThat(h.contents()).isEqualTo(before);
    }

    @Test
    void anUnfinishedRestoreIntoAnotherNameKeepsItsGenerationUntilItEnds() {
        History h = new History();
        String old = h.generations.get(0);
        LakeFsEmulator target = w.emulator();
        LakeFsClient targetClient = w.client(target);
        RestoreRequest restore = new RestoreRequest(h.backup, h.repo, old, "clone", "s3://target/" + h.repo + "-clone",
                false);
        // the restore stops after planning, its lease unexpired: as if it were still copying (its process is gone, so
        // the restore run again below takes its lease over at once)
        InProcessRunner.Listener stop = new InProcessRunner.Listener() {
            @Override
            public void stepFinished(String step, Object output) {
                if (step.equals(StepCatalog.PLAN_RESTORE.name())) {
                    throw new World.Crash("paused after " + step);
                }
            }
        };
        assertThatThrownBy(() -> World.run(w.services(targetClient).as(World.deadProcess()), new RestoreWorkflow(),
                restore, stop))
                .isInstanceOf(World.Crash.class);

        PruneResult r = h.prune(KEEP_LAST_1, false);
        assertThat(r.protectedGenerations()).extracting(p -> p.generation()).containsExactly(old);
        assertThat(r.forgotten()).contains(old);
        assertThat(r.removedGenerations()).containsExactly(h.generations.get(1));
        assertThat(h.objects()).as("what the restored generation references stays").contains(h.onlyIn.get(0))
                .as("what only the other forgotten generation referenced goes").doesNotContain(h.onlyIn.get(1));

        RestoreVerification done = World.run(w.services(targetClient), new RestoreWorkflow(), restore);
        assertThat(done.generation()).isEqualTo(old);
        w.close(targetClient, target);
        PruneResult after = h.prune(null, false);
        assertThat(after.protectedGenerations()).isEmpty();
        assertThat(after.removedGenerations()).containsExactly(old);
        assertThat(h.objects()).doesNotContainAnyElementsOf(h.onlyInOld);
    }

    @Test
    void lockedObjectsAreSkippedAndReportedWithTheirRetainUntilDateThenDeletedOnceTheLockLapses() {
        History h = new History();
        String lockedKey = h.onlyInOld.iterator().next();
        Location locked = h.layout.repositoryRoot().resolve(lockedKey);
        Instant until = Instant.now().plus(Duration.ofDays(30));
        w.store.lock(locked, new ObjectLock("GOVERNANCE", until, false));
        PruneResult r = h.prune(KEEP_LAST_1, false);
        assertThat(r.deleted()).isEqualTo(1);
        assertThat(r.locked()).isEqualTo(1);
        assertThat(r.lockedSample()).singleElement().satisfies(l -> {
            assertThat(l.stored()).isEqualTo(lockedKey);
            assertThat(l.retainUntil()).isEqualTo(until);
            assertThat(l.lock()).contains("GOVERNANCE until " + until);
        });
        assertThat(h.objects()).contains(lockedKey);

        w.store.lock(locked, new ObjectLock("GOVERNANCE", Instant.now().minusSeconds(1), false));
        PruneResult later = h.prune(KEEP_LAST_1, false);
        assertThat(later.deleted()).isEqualTo(1);
        assertThat(later.locked()).isZero();
        assertThat(h.objects()).doesNotContain(lockedKey);
    }

    @Test
    void smallBudgetsLoopAndDeleteTheSame() {
        History h = new History();
        PruneResult r = World.run(w.services(lakefs, World.settings().withBatches(3, 5).withDeleteBatchObjects(1)),
                new PruneWorkflow(), new PruneRequest(h.backup, h.repo, KEEP_LAST_1, true, false, false, null));
        assertThat(r.deleted()).isEqualTo(2);
        assertThat(h.objects()).doesNotContainAnyElementsOf(h.onlyInOld);
    }

    static Stream<String> pruneSteps() {
        return Stream.of(StepCatalog.PREPARE_PRUNE, StepCatalog.FORGET_GENERATIONS, StepCatalog.PLAN_PRUNE,
                StepCatalog.DELETE_UNREFERENCED, StepCatalog.REMOVE_FORGOTTEN, StepCatalog.FINISH_PRUNE)
                .map(s -> s.name());
    }

    /**
     * Killed after each step (with budgets small enough that planning and deleting take several invocations, the
     * kill lands after the first of them) and run again: the kept generation is restorable at the kill and after,
     * and the backup ends as after one clean run.
     */
    @ParameterizedTest(name = "killed after {0}")
    @MethodSource("pruneSteps")
    void aPruneKilledAfterAnyStepAndRunAgainEndsAsOneCleanRun(String step) {
        History clean = new History();
        clean.prune(KEEP_LAST_1, false);
        Set<String> cleanEnd = relative(clean);

        History h = new History();
        Set<String> expectedObjects = h.objects();
        expectedObjects.removeAll(h.onlyInOld);
        var small = World.settings().withBatches(2, 5).withDeleteBatchObjects(1);
        InProcessRunner.Listener killer = new InProcessRunner.Listener() {
            boolean dead;

            @Override
            public void stepStarted(String name, Object input) {
                if (dead) {
                    throw new World.Crash("dead");
                }
            }

            @Override
            public void stepFinished(String name, Object output) {
                if (name.equals(step)) {
                    dead = true;
                    throw new World.Crash("killed after " + step);
                }
            }
        };
        assertThatThrownBy(() -> World.run(w.services(lakefs, small).as(World.deadProcess()), new PruneWorkflow(),
                new PruneRequest(h.backup, h.repo, KEEP_LAST_1, true, false, false, null), killer))
                .isInstanceOf(World.Crash.class);
        assertThat(h.restoreLatest("at-kill").generation()).as("restorable right after the kill")
                .isEqualTo(h.generations.get(2));

        PruneResult again = World.run(w.services(lakefs, small), new PruneWorkflow(),
                new PruneRequest(h.backup, h.repo, KEEP_LAST_1, true, false, false, null));
        assertThat(again.locked()).isZero();
        assertThat(h.restoreLatest("after").generation()).isEqualTo(h.generations.get(2));
        assertThat(h.objects()).as("exactly the unreferenced objects are gone").isEqualTo(expectedObjects);
        Set<String> end = relative(h);
        end.removeIf(k -> k.startsWith("_runs/")); // the killed run's scratch: gc's, after a day
        assertThat(end).as("as after one clean run").isEqualTo(cleanEnd);
    }

    /**
     * Keys of a history's backup location but its backed-up objects (their names differ between repositories) and
     * restore records (the test restores), with
     * its repository's name and generation ids masked.
     */
    private Set<String> relative(History h) {
        Map<String, String> names = new TreeMap<>();
        for (int i = 0; i < h.generations.size(); i++) {
            names.put(h.generations.get(i), "<g" + i + ">");
        }
        Set<String> out = new TreeSet<>();
        try (Stream<ObjectInfo> s = w.store.list(Location.parse(h.backup), null)) {
            s.map(ObjectInfo::key).filter(k -> Stream.of("/objects/", "/mutable/", "/restores/")
                    .noneMatch(p -> k.startsWith(h.repo + p))).forEach(key -> {
                        String k = key.replace(h.repo, "<repo>");
                        for (var e : names.entrySet()) {
                            k = k.replace(e.getKey(), e.getValue());
                        }
                        out.add(k);
                    });
        }
        return out;
    }
}
