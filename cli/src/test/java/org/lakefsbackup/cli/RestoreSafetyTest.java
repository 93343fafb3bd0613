package org.lakefsbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.copy.ProgressListener;
import org.lakefsbackup.core.lakefs.LakeFsConfig;
import org.lakefsbackup.core.lakefs.SdkLakeFsClient;
import org.lakefsbackup.core.lease.LeaseOwner;
import org.lakefsbackup.core.step.RestoreRequest;
import org.lakefsbackup.core.step.Settings;
import org.lakefsbackup.core.step.StepCatalog;
import org.lakefsbackup.core.step.StepServices;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.workflow.InProcessRunner;
import org.lakefsbackup.core.workflow.RestoreWorkflow;
import org.lakefsbackup.testkit.lakefs.TaskHook;

/**
 * Restores through the CLI that must refuse or wait their turn: two restores into one target (at once, while the
 * first runs, after it finished), a symlink planted in a {@code file://} backup, {@code ..} keys in an inventory,
 * target namespaces that overlap another repository's or the backup location; and {@code restore --resume} after
 * a killed restore.
 */
class RestoreSafetyTest extends FixtureTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** A pid no process can have (above Linux's largest pid_max, 2^22). */
    static final long DEAD_PID = 999_999_937L;

    @AfterEach
    void resetSwitches() {
        f.b.setTaskDelay(Duration.ZERO);
        f.b.setTaskHook(TaskHook.NONE);
    }

    /** Holds every refs restore lakeFS b is given until the returned latch is counted down (at most 60 s). */
    CountDownLatch holdRestoreTasks() {
        CountDownLatch release = new CountDownLatch(1);
        f.b.setTaskHook((kind, repository, sequence) -> kind.equals("restore") ? TaskHook.Plan.runAfter(() -> {
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }) : TaskHook.Plan.RUN);
        return release;
    }

    /** Backs up a new sample repository on lakeFS a; returns the generation. */
    String backUp(String repo, String to) throws IOException {
        f.sample(f.a).create(repo, "s3://source/" + repo);
        Fixture.Result r = f.cli(f.a, "backup", repo, "--to", to, "--json", "-q");
        assertThat(r.exit()).as(r.err()).isZero();
        return r.result().get("backups").get(0).get("generation").asText();
    }

    /** A {@code file://} backup location under this test's temporary directory. */
    String fileBackup(String name) {
        return tmp.resolve(name).toUri().toString().replaceAll("/$", "");
    }

    Fixture.Result restore(String repo, String from, String namespace, String... more) {
        List<String> args = new ArrayList<>(List.of("restore", repo, "--from", from, "--namespace", namespace, "-q"));
        args.addAll(List.of(more));
        return f.cli(f.b, args.toArray(String[]::new));
    }

    List<String> keys(String prefix) {
        Location l = Location.parse(prefix);
        try (Stream<ObjectInfo> s = f.storage.storeFor(l).list(l, null)) {
            return s.map(ObjectInfo::key).sorted().toList();
        }
    }

    @Test
    void twoRestoresIntoOneTargetAtTheSameMomentOneWinsTheOtherIsAConflictNamingTheHolder() throws Exception {
        String from = fileBackup("race-backups");
        backUp("race-now", from);
        CountDownLatch release = holdRestoreTasks(); // the winner holds the target until the loser has answered
        CyclicBarrier start = new CyclicBarrier(2);
        List<CompletableFuture<Fixture.Result>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            runs.add(CompletableFuture.supplyAsync(() -> {
                await(start);
                return restore("race-now", from, "s3://target/race-now");
            }));
        }
        CompletableFuture.anyOf(runs.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        release.countDown();
        List<Fixture.Result> results = new ArrayList<>();
        for (var run : runs) {
            results.add(run.get(120, TimeUnit.SECONDS));
        }
        assertThat(results).extracting(Fixture.Result::exit).containsExactlyInAnyOrder(0, 5);
        Fixture.Result lost = results.stream().filter(r -> r.exit() == 5).findFirst().orElseThrow();
        assertThat(lost.err()).contains("is leased by restore run").contains("expires").contains("race-now");
        EndToEndTest.assertSameRepository(f.sdk(f.a), "race-now", f.sdk(f.b), "race-now");
    }

    /**
     * The "second restore 7 s after the first": instead of sleeping, lakeFS holds the first restore's refs
     * task until the second has answered, so the first is certainly still running.
     */
    @Test
    void aSecondRestoreWhileTheFirstRunsAndAfterItFinishedIsAConflictAndTheFirstSurvives() throws Exception {
        String from = fileBackup("later-backups");
        String generation = backUp("race-later", from);
        CountDownLatch release = holdRestoreTasks(); // the first restore is still running while the second starts
        long submitted = f.b.requestCount("POST /repositories/{repository}/restore");
        CompletableFuture<Fixture.Result> first = CompletableFuture.supplyAsync(() ->
                restore("race-later", from, "s3://target/race-later"));
        awaitUntil("the first restore submitted its refs restore", () ->
                f.b.requestCount("POST /repositories/{repository}/restore") > submitted);

        Fixture.Result whileRunning = restore("race-later", from, "s3://target/race-later");
        assertThat(whileRunning.exit()).as(whileRunning.err()).isEqualTo(5);
        assertThat(whileRunning.err()).contains("is leased by restore run").contains("expires");
        assertThat(first.isDone()).as("the first restore was still running").isFalse();

        release.countDown();
        Fixture.Result firstResult = first.get(120, TimeUnit.SECONDS);
        assertThat(firstResult.exit()).as(firstResult.err()).isZero();
        Fixture.Result afterwards = restore("race-later", from, "s3://target/race-later");
        assertThat(afterwards.exit()).isEqualTo(5);
        assertThat(afterwards.err()).contains("restored from generation " + generation);

        EndToEndTest.assertSameRepository(f.sdk(f.a), "race-later", f.sdk(f.b), "race-later");
        assertThat(LakeFsReads.branches(f.sdk(f.b), "race-later", false)).doesNotContainKey("scratch-hidden");
        assertThat(LakeFsReads.protection(f.sdk(f.b), "race-later")).containsExactly("main");
        assertThat(LakeFsReads.metadata(f.sdk(f.b), "race-later")).containsEntry("owner", "data-platform");
    }

    @Test
    void aSymlinkPlantedInAFileBackupIsRefusedAndTheHostFileIsNotRestored() throws Exception {
        String from = fileBackup("symlink-backups");
        backUp("planted", from);
        Path objects = Path.of(URI.create(from)).resolve("planted/objects/data");
        Path victim;
        try (Stream<Path> files = Files.walk(objects)) {
            victim = files.filter(Files::isRegularFile).sorted().findFirst().orElseThrow();
        }
        Path hostFile = tmp.resolve("host-secret.txt");
        String secret = "HOST-SECRET-" + System.nanoTime();
        Files.writeString(hostFile, secret);
        Files.delete(victim);
        Files.createSymbolicLink(victim, hostFile);

        Fixture.Result r = restore("planted", from, "s3://target/planted");
        assertThat(r.exit()).as(r.err()).isEqualTo(8);
        assertThat(r.err()).contains("symbolic link");
        Location target = Location.parse("s3://target/planted");
        for (String key : keys("s3://target/planted")) {
            byte[] content = f.store.get(target.resolve(key)).orElseThrow();
            assertThat(new String(content, StandardCharsets.UTF_8)).as(key).doesNotContain(secret);
        }
        assertThat(LakeFsReads.exists(f.sdk(f.b), "planted") && !LakeFsReads.branches(f.sdk(f.b), "planted", true)
                .isEmpty()).as("refs restored").isFalse();
    }

    @Test
    void dotDotKeysInAnInventoryAreRefusedBeforeAnyCopy() throws Exception {
        String generation = backUp("dotdot", "s3://backups/dotdot");
        Location chunk = Location.parse("s3://backups/dotdot/dotdot/generations/" + generation
                + "/inventory/part-00000.jsonl.gz");
        String lines = gunzip(f.store.get(chunk).orElseThrow());
        List<String> rewritten = new ArrayList<>(lines.lines().toList());
        // an entry escaping the namespace, in key order among the others
        String escaping = "data/../../../escaped";
        int at = 0;
        while (at < rewritten.size() && JSON.readTree(rewritten.get(at)).get("k").asText().compareTo(escaping) < 0) {
            at++;
        }
        assertThat(at).as("entries copied before the bad one").isPositive();
        rewritten.add(at, "{\"k\":\"" + escaping + "\",\"s\":1,\"e\":\"x\",\"b\":\"objects/" + escaping + "\"}");
        f.store.put(chunk, gzip(String.join("\n", rewritten) + "\n"));

        Fixture.Result r = restore("dotdot", "s3://backups/dotdot", "s3://target/dotdot-ns/repo");
        assertThat(r.exit()).as(r.err()).isEqualTo(8);
        assertThat(r.err()).contains("escaped").doesNotContain("Exception");
        assertThat(keys("s3://target/dotdot-ns")).as("nothing copied").isEmpty();
        assertThat(keys("s3://target")).noneMatch(k -> k.contains("escaped"));
    }

    @Test
    void aTargetNamespaceInsideOrAroundAnotherRepositorysOrTheBackupIsRefusedNamingIt() throws Exception {
        backUp("overlap-src", "s3://backups/overlap");
        f.sample(f.a).create("overlap-live", "s3://source/ovl/live");
        Map<String, String> backupBefore = contents("s3://backups/overlap");
        for (String namespace : List.of("s3://source/ovl/live/nested", "s3://source/ovl")) {
            Fixture.Result r = f.cli(f.a, "restore", "overlap-src", "--from", "s3://backups/overlap", "--as",
                    "overlap-clone", "--namespace", namespace, "-q");
            assertThat(r.exit()).as(namespace + ": " + r.err()).isEqualTo(5);
            assertThat(r.err()).contains("overlap-live");
            assertThat(LakeFsReads.exists(f.sdk(f.a), "overlap-clone")).isFalse();
        }
        assertThat(keys("s3://source/ovl/live/nested")).isEmpty();
        Fixture.Result intoBackup = f.cli(f.a, "restore", "overlap-src", "--from", "s3://backups/overlap", "--as",
                "overlap-clone", "--namespace", "s3://backups/overlap/inside", "-q");
        assertThat(intoBackup.exit()).as(intoBackup.err()).isEqualTo(5);
        assertThat(intoBackup.err()).contains("overlaps the backup location");
        assertThat(contents("s3://backups/overlap")).as("nothing written to the backup").isEqualTo(backupBefore);
    }

    @Test
    void aKilledRestoreIsFinishedWithResumeAndResumeWithoutOneIsNotFound() throws Exception {
        String from = "s3://backups/resume";
        String generation = backUp("resumed", from);
        var lakefs = new SdkLakeFsClient(new LakeFsConfig(URI.create(f.b.endpoint()), Fixture.KEY, Fixture.SECRET));
        StepServices killed = new StepServices(lakefs, f.storage, Clock.systemUTC(), Settings.defaults())
                .as(new LeaseOwner(LeaseOwner.currentProcess().host(), DEAD_PID));
        InProcessRunner.Listener killAfterCopy = new InProcessRunner.Listener() {
            @Override
            public void stepFinished(String step, Object output) {
                if (step.equals(StepCatalog.SUBMIT_RESTORE.name())) {
                    throw new Killed();
                }
            }
        };
        assertThatThrownBy(() -> new InProcessRunner(killed, d -> { }, ProgressListener.NONE, killAfterCopy).run(
                new RestoreWorkflow(), new RestoreRequest(from, "resumed", generation, null, "s3://target/resumed",
                        false))).isInstanceOf(Killed.class);

        Fixture.Result elsewhere = restore("resumed", from, "s3://target/resumed-elsewhere", "--resume");
        assertThat(elsewhere.exit()).as(elsewhere.err()).isEqualTo(4);
        assertThat(elsewhere.err()).contains("no unfinished restore");

        Fixture.Result resumed = restore("resumed", from, "s3://target/resumed", "--resume", "--json");
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(resumed.result().get("generation").asText()).isEqualTo(generation);
        EndToEndTest.assertSameRepository(f.sdk(f.a), "resumed", f.sdk(f.b), "resumed");
        assertThat(keys(from + "/_runs")).as("scratch and lease removed").isEmpty();
    }

    /** A kill -9 of the restoring process. */
    static final class Killed extends Error {
        Killed() {
            super("killed");
        }
    }

    Map<String, String> contents(String prefix) {
        Location l = Location.parse(prefix);
        try (Stream<ObjectInfo> s = f.storage.storeFor(l).list(l, null)) {
            return s.collect(Collectors.toMap(ObjectInfo::key, ObjectInfo::etag, (a, b) -> a, TreeMap::new));
        }
    }

    static String gunzip(byte[] gz) throws IOException {
        try (var in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    static void await(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void awaitUntil(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }
}
