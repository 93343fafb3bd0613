package org.lakefsbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.copy.ProgressListener;
import org.lakefsbackup.core.lakefs.LakeFsConfig;
import org.lakefsbackup.core.lakefs.SdkLakeFsClient;
import org.lakefsbackup.core.lease.LeaseOwner;
import org.lakefsbackup.core.step.BackupRequest;
import org.lakefsbackup.core.step.RestoreRequest;
import org.lakefsbackup.core.step.RunScoped;
import org.lakefsbackup.core.step.Settings;
import org.lakefsbackup.core.step.StepCatalog;
import org.lakefsbackup.core.step.StepServices;
import org.lakefsbackup.core.store.local.LocalObjectStore;
import org.lakefsbackup.core.workflow.BackupWorkflow;
import org.lakefsbackup.core.workflow.InProcessRunner;
import org.lakefsbackup.core.workflow.RestoreWorkflow;
import org.lakefsbackup.core.workflow.Workflow;
import org.lakefsbackup.testkit.lakefs.LakeFsEmulator;

/**
 * {@code gc} after abandoned runs at a {@code file://} backup location: a backup killed mid-copy (its scratch and
 * an inventory without manifest left, its lease taken over and released by the next backup), a restore killed after
 * planning whose lease expired, a restore killed whose lease is still live, and a temporary file of an interrupted
 * write. {@code --dry-run} lists what would go and removes nothing; {@code --older-than 0} removes exactly that:
 * committed generations, backed-up objects and the live restore's scratch and lease stay, the expired lease goes.
 */
class GcCommandTest extends FixtureTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long DEAD_PID = 999_999_937L;

    /** A kill -9. */
    static final class Killed extends Error {
        Killed() {
            super("killed");
        }
    }

    @Test
    void gcRemovesWhatAbandonedRunsLeftAndNothingElse() throws Exception {
        Path root = tmp.resolve("gc-backups");
        String from = root.toUri().toString().replaceAll("/$", "");
        f.sample(f.a).create("gc-repo", "s3://source/gc-repo");
        assertThat(f.cli(f.a, "backup", "gc-repo", "--to", from, "-q").exit()).isZero();

        var sample = f.sample(f.a);
        for (int i = 0; i < 6; i++) {
            sample.upload("gc-repo", "dev", Map.of("new/part-" + i + ".csv", "row " + i + "\n"));
        }
        sample.commit("gc-repo", "dev", "new data: the next backup has several chunks to copy");
        LeaseOwner dead = new LeaseOwner(LeaseOwner.currentProcess().host(), DEAD_PID);
        Settings small = Settings.defaults().withCopyChunkSize(4).withChunkConcurrency(1);
        String abandonedBackup = killed(services(f.a, small).as(dead), new BackupWorkflow(),
                new BackupRequest("gc-repo", from, false), StepCatalog.COPY_CHUNK.name());
        Fixture.Result next = f.cli(f.a, "backup", "gc-repo", "--to", from, "-q");
        assertThat(next.exit()).as(next.err()).isZero();

        String abandonedRestore = killed(services(f.b, small.withLeaseTtl(Duration.ofMillis(300))).as(dead),
                new RestoreWorkflow(), new RestoreRequest(from, "gc-repo", null, "gc-expired", "s3://target/gc-expired",
                        false), StepCatalog.PLAN_RESTORE.name());
        Path expiredLease = root.resolve("_runs/gc-expired/lease.json");
        RestoreSafetyTest.awaitUntil("the killed restore's lease expired", () -> expired(expiredLease));
        String liveRestore = killed(services(f.b, small), new RestoreWorkflow(), new RestoreRequest(from, "gc-repo",
                null, "gc-live", "s3://target/gc-live", false), StepCatalog.PLAN_RESTORE.name());

        Path temp = root.resolve("gc-repo/objects/" + LocalObjectStore.TEMP_PREFIX + "interrupted");
        Files.writeString(temp, "half written");
        Files.setLastModifiedTime(temp, FileTime.from(Instant.now().minus(Duration.ofHours(1))));

        Map<String, Long> before = files(root);
        assertThat(before.keySet()).anyMatch(k -> k.startsWith("_runs/gc-repo/" + abandonedBackup + "/"))
                .anyMatch(k -> k.startsWith("gc-repo/generations/" + abandonedBackup + "/inventory/"))
                .anyMatch(k -> k.startsWith("_runs/gc-repo/" + abandonedRestore + "/"))
                .anyMatch(k -> k.startsWith("_runs/gc-repo/" + liveRestore + "/"))
                .contains("_runs/gc-expired/lease.json", "_runs/gc-live/lease.json");

        Fixture.Result dry = f.cli(f.a, "gc", "--from", from, "--older-than", "0", "--dry-run", "--json");
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(files(root)).as("a dry run removes nothing").isEqualTo(before);
        JsonNode dryReport = dry.result();
        assertListed(dryReport, abandonedBackup, abandonedRestore, liveRestore);

        Fixture.Result gc = f.cli(f.a, "gc", "--from", from, "--older-than", "0", "--json");
        assertThat(gc.exit()).as(gc.err()).isZero();
        assertListed(gc.result(), abandonedBackup, abandonedRestore, liveRestore);
        Map<String, Long> expected = new TreeMap<>(before);
        expected.keySet().removeIf(k -> k.startsWith("_runs/gc-repo/" + abandonedBackup + "/")
                || k.startsWith("gc-repo/generations/" + abandonedBackup + "/")
                || k.startsWith("_runs/gc-repo/" + abandonedRestore + "/")
                || k.equals("_runs/gc-expired/lease.json")
                || k.equals("gc-repo/objects/" + LocalObjectStore.TEMP_PREFIX + "interrupted"));
        assertThat(files(root)).as("committed generations, objects and the live run kept").isEqualTo(expected);
        assertThat(f.cli(f.a, "list", "gc-repo", "--from", from, "--json").result().get("generations")).hasSize(2);
        assertThat(f.cli(f.a, "verify", "gc-repo", "--from", from).exit()).isZero();
    }

    private static void assertListed(JsonNode report, String abandonedBackup, String abandonedRestore,
                                     String liveRestore) {
        List<String> runs = new ArrayList<>();
        List<String> generations = new ArrayList<>();
        boolean expiredLease = false;
        for (JsonNode r : report.get("repositories")) {
            r.get("runs").forEach(n -> runs.add(n.asText()));
            r.get("generations").forEach(n -> generations.add(n.asText()));
            expiredLease |= r.get("repository").asText().equals("gc-expired") && r.get("expired_lease").asBoolean();
        }
        assertThat(runs).containsExactlyInAnyOrder(abandonedBackup, abandonedRestore).doesNotContain(liveRestore);
        assertThat(generations).containsExactly(abandonedBackup);
        assertThat(expiredLease).as("the expired lease of gc-expired is listed").isTrue();
        assertThat(report.get("temporary_files").get("files").asLong()).isEqualTo(1);
    }

    private StepServices services(LakeFsEmulator lakefs, Settings settings) {
        return new StepServices(new SdkLakeFsClient(new LakeFsConfig(URI.create(lakefs.endpoint()), Fixture.KEY,
                Fixture.SECRET)), f.storage, Clock.systemUTC(), settings);
    }

    /** Runs {@code workflow} until {@code step} first finished, then kills it; returns the run's id. */
    private static <I> String killed(StepServices services, Workflow<I, ?> workflow, I input, String step) {
        AtomicReference<String> run = new AtomicReference<>();
        AtomicReference<Boolean> dead = new AtomicReference<>(false);
        InProcessRunner.Listener killer = new InProcessRunner.Listener() {
            @Override
            public void stepStarted(String name, Object in) {
                if (dead.get()) {
                    throw new Killed();
                }
            }

            @Override
            public void stepFinished(String name, Object output) {
                if (output instanceof RunScoped scoped && scoped.run() != null) {
                    run.compareAndSet(null, scoped.run().runId());
                }
                if (name.equals(step)) {
                    dead.set(true);
                    throw new Killed();
                }
            }
        };
        assertThatThrownBy(() -> new InProcessRunner(services, d -> { }, ProgressListener.NONE, killer)
                .run(workflow, input)).isInstanceOf(Killed.class);
        return run.get();
    }

    private static boolean expired(Path lease) {
        try {
            return Instant.parse(JSON.readTree(Files.readAllBytes(lease)).get("expires_at").asText())
                    .isBefore(Instant.now());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every file under {@code root} (relative path) and its size. */
    private static Map<String, Long> files(Path root) throws IOException {
        Map<String, Long> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                m.put(root.relativize(p).toString(), Files.size(p));
            }
        }
        return m;
    }
}
