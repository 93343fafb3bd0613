package org.lakefsbackup.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.lakefsbackup.core.error.NotFoundException;
import org.lakefsbackup.core.error.VerificationFailedException;
import org.lakefsbackup.core.lakefs.LakeFsClient;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.step.BackupRequest;
import org.lakefsbackup.core.step.ReadCoverage;
import org.lakefsbackup.core.step.ReadSubsetProgress;
import org.lakefsbackup.core.step.ReadSubsetRequest;
import org.lakefsbackup.core.step.RollingVerifyFinish;
import org.lakefsbackup.core.step.RollingVerifyPlan;
import org.lakefsbackup.core.step.RollingVerifyRequest;
import org.lakefsbackup.core.step.RollingVerifyResult;
import org.lakefsbackup.core.step.RollingVerifySteps;
import org.lakefsbackup.core.step.RollingVerifyTarget;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;

/**
 * Rolling verification over several generations: the rotation goes on when backups make new generations between
 * runs; every object the kept generations reference is read, each once (an object only an older generation holds
 * included); each generation's {@code checks.json} records what was read of it. An object missing that only a
 * generation forgotten during the run references (a concurrent prune deleted it) is excused, while one a kept
 * generation references fails the run naming its key; a named repository without a backup is NOT_FOUND.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RollingVerifyWorkflowTest {
    static final int T = 3;

    World w;
    org.lakefsbackup.testkit.lakefs.LakeFsEmulator server;
    LakeFsClient lakefs;
    int locations;

    @BeforeAll
    void start() {
        w = new World();
        server = w.sampleServer();
        lakefs = w.client(server);
    }

    @AfterAll
    void close() {
        w.close();
    }

    /** A fresh location with {@code count} generations of the sample (each a full one). */
    String backups(int count) {
        String backup = "s3://backups/rolling-" + (++locations);
        for (int i = 0; i < count; i++) {
            World.run(w.services(lakefs), new BackupWorkflow(), new BackupRequest(World.SAMPLE, backup, false,
                    "2025010" + (i + 1) + "T000000000Z-roll" + locations, Instant.parse("2025-01-0" + (i + 1)
                    + "T00:00:00Z"), false, true));
        }
        return backup;
    }

    RollingVerifyResult rolling(String backup, String run) {
        return World.run(w.services(lakefs), new RollingVerifyWorkflow(), new RollingVerifyRequest(backup,
                List.of(), T, run));
    }

    @Test
    void theRotationGoesOnAcrossNewGenerationsAndEachRecordsWhatWasReadOfIt() {
        String backup = backups(1);
        BackupLayout layout = new BackupLayout(Location.parse(backup), World.SAMPLE);
        RollingVerifyResult first = rolling(backup, "20250110T000000000Z-r1");
        assertThat(first.entries()).singleElement().satisfies(e -> assertThat(e.subset()).isEqualTo("1/" + T));
        GenerationId older = new GenerationId(first.entries().get(0).generation());

        World.run(w.services(lakefs, World.settings().withInventoryChunkSize(2)), new BackupWorkflow(),
                new BackupRequest(World.SAMPLE, backup, false, "20250111T000000000Z-newer",
                        Instant.parse("2025-01-11T00:00:00Z"), false, true));
        RollingVerifySteps steps = new RollingVerifySteps(w.services(lakefs));
        RollingVerifyTarget planned = steps.plan(new RollingVerifyRequest(backup, List.of(), T,
                "20250112T000000000Z-r2")).targets().get(0);
        // small budgets: the union of two inventories (one of many chunks) is read over several invocations
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        RollingVerifyResult second = World.run(w.services(lakefs, World.settings().withBatches(1000, 3)),
                new RollingVerifyWorkflow(), new RollingVerifyRequest(backup, List.of(), T, "20250112T000000000Z-r2"),
                new InProcessRunner.Listener() {
                    @Override
                    public void stepStarted(String step, Object in) {
                        if (step.equals("read-data-subset")) {
                            reads.incrementAndGet();
                        }
                    }
                });
        assertThat(reads.get()).isGreaterThan(2);
        // the same target in one invocation (the run's read is recorded once: this changes nothing)
        var whole = steps.read(new ReadSubsetRequest(planned, null)).entry();
        var entry = second.entries().get(0);
        assertThat(entry.generation()).as("the latest generation").isNotEqualTo(older.value());
        assertThat(entry.subset()).as("the subset after the one read last, in the older generation")
                .isEqualTo("2/" + T);
        assertThat(entry.generations()).as("both kept generations read").isEqualTo(2);
        assertThat(ReadCoverage.load(w.storage, layout, new GenerationId(entry.generation())).read(T))
                .containsExactly(2);
        assertThat(ReadCoverage.load(w.storage, layout, older).read(T)).as("the union's read covers it too")
                .containsExactly(1, 2);
        assertThat(second.read()).isEqualTo(entry.read());
        assertThat(entry.checked()).as("the same objects as in one invocation").isEqualTo(whole.checked());
        assertThat(entry.read()).isEqualTo(whole.read());
        assertThat(first.read() + second.read()).isLessThanOrEqualTo(entry.checked());
    }

    @Test
    void aGenerationForgottenWhileItIsReadIsSkippedButAnObjectMissingFromAKeptOneFailsTheRun() {
        String backup = backups(1);
        BackupLayout layout = new BackupLayout(Location.parse(backup), World.SAMPLE);
        RollingVerifySteps steps = new RollingVerifySteps(w.services(lakefs));
        RollingVerifyPlan plan = steps.plan(new RollingVerifyRequest(backup, List.of(World.SAMPLE), 1,
                "20250120T000000000Z-race"));
        RollingVerifyTarget target = plan.targets().get(0);
        GenerationId generation = new GenerationId(target.generation());
        String lost;
        try (Stream<ObjectInfo> held = w.store.list(layout.objects(), null)) {
            lost = held.map(ObjectInfo::key).findFirst().orElseThrow();
        }
        w.store.delete(layout.objects().resolve(lost));

        // still kept: prune never deletes what a kept generation references, so this is a real loss
        ReadSubsetProgress kept = steps.read(new ReadSubsetRequest(target, null));
        assertThat(kept.entry().missing()).isEqualTo(1);
        assertThat(kept.entry().skipped()).isNull();
        assertThatThrownBy(() -> steps.finish(new RollingVerifyFinish(List.of(kept.entry()), List.of())))
                .isInstanceOf(VerificationFailedException.class).hasMessageContaining(lost)
                .hasMessageContaining(generation.value());
        assertThat(ReadCoverage.load(w.storage, layout, generation)).as("a failed read records nothing")
                .isEqualTo(ReadCoverage.none());

        // a retention policy forgot the generation meanwhile (and prune deleted its object): not a failure
        Location marker = layout.forgotten(generation);
        w.store.put(marker, "{}".getBytes(StandardCharsets.UTF_8));
        ReadSubsetProgress forgotten = steps.read(new ReadSubsetRequest(target, null));
        assertThat(forgotten.entry().skipped()).contains("forgot every generation").contains(generation.value());
        assertThat(steps.finish(new RollingVerifyFinish(List.of(forgotten.entry()), List.of())).entries())
                .hasSize(1);

        // prune removed its manifest and inventory too before the read began: skipped as well
        try (Stream<ObjectInfo> files = w.store.list(layout.generation(generation), null)) {
            files.map(ObjectInfo::key).toList().forEach(k -> w.store.delete(layout.generation(generation)
                    .resolve(k)));
        }
        assertThat(steps.read(new ReadSubsetRequest(target, null)).entry().skipped()).isNotNull();
    }

    @Test
    void anObjectOnlyAnOlderKeptGenerationHoldsIsReadAndOneOnlyAForgottenOneHeldIsExcused() throws Exception {
        String backup = "s3://backups/rolling-" + (++locations);
        BackupLayout layout = new BackupLayout(Location.parse(backup), World.SAMPLE);
        SampleObjects sample = new SampleObjects();
        String gone = "rolling/only-in-the-old-" + locations + ".csv";
        sample.add(gone);
        World.run(w.services(lakefs), new BackupWorkflow(), new BackupRequest(World.SAMPLE, backup, false,
                "20250201T000000000Z-old" + locations, Instant.parse("2025-02-01T00:00:00Z"), false, true));
        String key = sample.remove(gone);
        World.run(w.services(lakefs), new BackupWorkflow(), new BackupRequest(World.SAMPLE, backup, false,
                "20250202T000000000Z-new" + locations, Instant.parse("2025-02-02T00:00:00Z"), false, true));
        List<GenerationId> ids = new org.lakefsbackup.core.step.Generations(w.storage).list(layout);
        assertThat(ids).hasSize(2);
        Location onlyOld = layout.objects().resolve(key);
        assertThat(w.store.get(onlyOld)).as("the old generation's own object is backed up").isPresent();

        // damaged: only the older (kept) generation references it, and reading the union finds it
        RollingVerifySteps steps = new RollingVerifySteps(w.services(lakefs));
        RollingVerifyTarget target = steps.plan(new RollingVerifyRequest(backup, List.of(World.SAMPLE), 1,
                "20250203T000000000Z-union")).targets().get(0);
        assertThat(target.generations()).containsExactly(ids.get(0).value(), ids.get(1).value());
        byte[] original = w.store.get(onlyOld).orElseThrow();
        w.store.delete(onlyOld);
        var found = steps.read(new ReadSubsetRequest(target, null)).entry();
        assertThat(found.missing()).isEqualTo(1);
        assertThat(found.problems()).singleElement().asString().contains(key);

        // the older generation was forgotten meanwhile (a prune deleted its object): excused, and the read recorded
        w.store.put(layout.forgotten(ids.get(0)), "{}".getBytes(StandardCharsets.UTF_8));
        var excused = steps.read(new ReadSubsetRequest(target, null)).entry();
        assertThat(excused.ok()).isTrue();
        assertThat(excused.excused()).isEqualTo(1);
        assertThat(excused.missing()).isZero();
        assertThat(ReadCoverage.load(w.storage, layout, ids.get(1)).lastFullPass()).isNotNull();
        assertThat(ReadCoverage.load(w.storage, layout, ids.get(0))).as("nothing recorded in the forgotten one")
                .isEqualTo(ReadCoverage.none());
        w.store.put(onlyOld, original);
    }

    /** Adds and removes files on the sample's main branch, committing each change. */
    final class SampleObjects {
        final org.lakefsbackup.testkit.lakefs.SampleRepository sample = new org.lakefsbackup.testkit.lakefs
                .SampleRepository(org.lakefsbackup.testkit.lakefs.SampleRepository.client(server.endpoint(),
                World.KEY, World.SECRET));

        void add(String path) throws Exception {
            sample.upload(World.SAMPLE, "dev", java.util.Map.of(path, "only here: " + path + "\n"));
            sample.commit(World.SAMPLE, "dev", "add " + path);
        }

        /**
         * Deletes the file and commits, then removes its namespace object as lakeFS's GC does once no retained commit
         * needs it (so later generations do not hold it); returns its namespace key.
         */
        String remove(String path) throws Exception {
            String address;
            try (var objects = lakefs.listObjects(World.SAMPLE, "dev")) {
                address = objects.filter(o -> o.path().equals(path)).findFirst().orElseThrow().physicalAddress();
            }
            new io.lakefs.clients.sdk.ObjectsApi(org.lakefsbackup.testkit.lakefs.SampleRepository.client(
                    server.endpoint(), World.KEY, World.SECRET)).deleteObject(World.SAMPLE, "dev", path).execute();
            sample.commit(World.SAMPLE, "dev", "remove " + path);
            String ns = "s3://source/sample/";
            String key = address.startsWith(ns) ? address.substring(ns.length()) : address;
            w.store.delete(Location.parse(ns).resolve(key));
            return key;
        }
    }

    @Test
    void aNamedRepositoryWithoutABackupIsNotFoundAndAnEmptyLocationVerifiesNothing() {
        String backup = "s3://backups/rolling-empty";
        assertThatThrownBy(() -> World.run(w.services(lakefs), new RollingVerifyWorkflow(),
                new RollingVerifyRequest(backup, List.of("absent"), T, null)))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("absent");
        assertThat(rolling(backup, "20250130T000000000Z-empty").entries()).isEmpty();
    }
}
