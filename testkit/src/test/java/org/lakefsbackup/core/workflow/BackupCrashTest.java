package org.lakefsbackup.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lakefsbackup.core.gc.ScratchCollector;
import org.lakefsbackup.core.lakefs.LakeFsClient;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.step.BackupRequest;
import org.lakefsbackup.core.step.GenerationResult;
import org.lakefsbackup.core.step.Generations;
import org.lakefsbackup.core.step.RunScoped;
import org.lakefsbackup.core.step.StepCatalog;
import org.lakefsbackup.core.store.Location;

/**
 * A backup killed after any of its steps: the next backup takes over the lease (its holder's pid no longer runs on
 * this host), commits a generation, and what the killed run left behind (its scratch, an inventory without a
 * manifest) is exactly what {@code gc} removes, after a dry run that removes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackupCrashTest {
    static final String REPO = World.SAMPLE;

    World w;
    LakeFsClient lakefs;
    int chunks;
    final AtomicInteger locations = new AtomicInteger();

    @BeforeAll
    void createTheSample() {
        w = new World();
        lakefs = w.client(w.sampleServer());
        GenerationResult probe = w.backUpSample(lakefs, "s3://backups/probe");
        chunks = (int) Math.ceil(probe.objects() / (double) World.settings().copyChunkSize());
        assertThat(chunks).isGreaterThan(1);
    }

    @AfterAll
    void close() {
        w.close();
    }

    /** The step after whose n-th end the first backup dies. */
    record CrashPoint(String step, int occurrence) {
        @Override
        public String toString() {
            return "after " + step + (occurrence > 1 ? " #" + occurrence : "");
        }
    }

    Stream<CrashPoint> crashPoints() {
        List<CrashPoint> points = new ArrayList<>();
        for (var step : List.of(StepCatalog.PREPARE_BACKUP, StepCatalog.SUBMIT_DUMP, StepCatalog.POLL_DUMP,
                StepCatalog.PLAN_BACKUP)) {
            points.add(new CrashPoint(step.name(), 1));
        }
        for (int i = 1; i <= chunks; i++) {
            points.add(new CrashPoint(StepCatalog.COPY_CHUNK.name(), i));
        }
        points.add(new CrashPoint(StepCatalog.VERIFY_BACKUP.name(), 1));
        points.add(new CrashPoint(StepCatalog.COMMIT_GENERATION.name(), 1));
        return points.stream();
    }

    @Test
    void aCrashInOneCopyStepStartsNoFurtherStep() {
        List<String> started = new ArrayList<>();
        AtomicInteger crashes = new AtomicInteger();
        InProcessRunner.Listener crashOnce = new InProcessRunner.Listener() {
            @Override
            public void stepStarted(String step, Object input) {
                synchronized (started) {
                    started.add(step);
                }
            }

            @Override
            public void stepFinished(String step, Object output) {
                if (step.equals(StepCatalog.COPY_CHUNK.name()) && crashes.getAndIncrement() == 0) {
                    throw new World.Crash("after the first copy step");
                }
            }
        };
        assertThatThrownBy(() -> World.run(w.services(lakefs).as(World.deadProcess()), new BackupWorkflow(),
                new BackupRequest(REPO, "s3://backups/crash-fan-out", false), crashOnce))
                .isInstanceOf(World.Crash.class);
        assertThat(started).as("one copy step ran (of %d chunks, one at a time), then nothing", chunks)
                .endsWith(StepCatalog.PLAN_BACKUP.name(), StepCatalog.COPY_CHUNK.name());
        assertThat(crashes).hasValue(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("crashPoints")
    void aBackupKilledThereIsFollowedByOneThatCommitsAndGcRemovesWhatTheKilledOneLeft(CrashPoint point) {
        String backup = "s3://backups/crash-" + locations.incrementAndGet();
        Location location = Location.parse(backup);
        BackupLayout layout = new BackupLayout(location, REPO);
        StringBuilder crashedRun = new StringBuilder();
        AtomicInteger seen = new AtomicInteger();
        AtomicInteger dead = new AtomicInteger();
        InProcessRunner.Listener killer = new InProcessRunner.Listener() {
            @Override
            public void stepStarted(String step, Object input) {
                if (dead.get() > 0) {
                    throw new World.Crash(point.toString()); // a dead process starts nothing more
                }
            }

            @Override
            public void stepFinished(String step, Object output) {
                if (crashedRun.isEmpty() && output instanceof RunScoped scoped && scoped.run() != null) {
                    crashedRun.append(scoped.run().runId());
                }
                if (step.equals(point.step()) && seen.incrementAndGet() == point.occurrence()) {
                    dead.incrementAndGet();
                    throw new World.Crash(point.toString());
                }
            }
        };
        assertThatThrownBy(() -> World.run(w.services(lakefs).as(World.deadProcess()), new BackupWorkflow(),
                new BackupRequest(REPO, backup, false), killer)).isInstanceOf(World.Crash.class);
        String killed = crashedRun.toString();
        boolean committedBeforeDying = point.step().equals(StepCatalog.COMMIT_GENERATION.name());
        if (committedBeforeDying) {
            assertThat(w.keys(backup + "/_runs/" + REPO)).as("scratch and lease released").isEmpty();
        } else {
            assertThat(w.keys(backup + "/_runs/" + REPO)).as("the killed run's lease").contains("lease.json");
        }

        // a new generation even after the killed run committed one (the repository is unchanged since)
        GenerationResult next = World.run(w.services(lakefs), new BackupWorkflow(),
                new BackupRequest(REPO, backup, false, null, null, false, true));
        assertThat(next.generation()).isNotEqualTo(killed);
        assertThat(next.objects()).isPositive();
        List<GenerationId> committed = new Generations(w.storage).list(layout);
        assertThat(committed).extracting(GenerationId::value).contains(next.generation());
        assertThat(committed).extracting(GenerationId::value).hasSize(committedBeforeDying ? 2 : 1);
        Map<String, String> kept = w.contents(backup + "/" + REPO);
        kept.keySet().removeIf(k -> k.startsWith("generations/" + killed + "/inventory/")
                && !committed.contains(new GenerationId(killed)));

        boolean leftScratch = !committedBeforeDying;
        boolean leftInventory = !committedBeforeDying && !w.keys(backup + "/" + REPO + "/generations/" + killed)
                .isEmpty();
        ScratchCollector gc = new ScratchCollector(w.storage, Clock.systemUTC());
        Map<String, String> beforeDryRun = w.contents(backup);
        ScratchCollector.Report dry = gc.collect(location, REPO, Duration.ZERO, true).get(0);
        assertThat(w.contents(backup)).as("a dry run removes nothing").isEqualTo(beforeDryRun);
        ScratchCollector.Report report = gc.collect(location, REPO, Duration.ZERO, false).get(0);
        assertThat(report.runs()).isEqualTo(dry.runs()).isEqualTo(leftScratch ? List.of(killed) : List.of());
        assertThat(report.generations()).isEqualTo(dry.generations())
                .isEqualTo(leftInventory ? List.of(killed) : List.of());
        assertThat(w.keys(backup + "/_runs")).as("no scratch left").isEmpty();
        assertThat(w.contents(backup + "/" + REPO)).as("committed generations and backed-up objects kept")
                .isEqualTo(kept);
    }
}
