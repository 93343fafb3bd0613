package org.lakefsbackup.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakefs.clients.sdk.RepositoriesApi;
import io.lakefs.clients.sdk.model.RepositoryCreation;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lakefsbackup.core.lakefs.CommitInfo;
import org.lakefsbackup.core.lakefs.LakeFsClient;
import org.lakefsbackup.core.lakefs.MetaRangeIds;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.step.GenerationResult;
import org.lakefsbackup.core.step.RestoreRequest;
import org.lakefsbackup.core.step.RestoreVerification;
import org.lakefsbackup.core.step.StepCatalog;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.testkit.lakefs.ForwardingLakeFsClient;
import org.lakefsbackup.testkit.lakefs.LakeFsEmulator;
import org.lakefsbackup.testkit.lakefs.SampleRepository;

/**
 * A restore killed at any step boundary, or inside restore-refs, apply-settings or verify, is finished by running
 * the same restore again (a new runner; the killed run's lease names a process of this host that no longer runs):
 * the target ends verified with the source's commit ids, heads, tags, hidden flags, rules and metadata, and nothing
 * the restore did not create is deleted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestoreCrashTest {
    static final String BACKUP = "s3://backups/crash";
    static final String REPO = World.SAMPLE;

    World w;
    String generation;
    World.RepoView source;
    int chunks;

    /** Where the first run dies: after the n-th end of a step, or right after a lakeFS call inside a step. */
    record CrashPoint(String name, String afterStep, int occurrence, String insideCall, String duringStep) {
        static CrashPoint after(String step) {
            return new CrashPoint("after " + step, step, 1, null, null);
        }

        static CrashPoint afterCopy(int n) {
            return new CrashPoint("after copy " + n, StepCatalog.COPY_CHUNK.name(), n, null, null);
        }

        static CrashPoint inside(String step, String call) {
            return new CrashPoint("inside " + step + " after " + call, null, 0, call, step);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    void backUpTheSample() {
        w = new World();
        LakeFsClient lakefs = w.client(w.sampleServer());
        GenerationResult g = w.backUpSample(lakefs, BACKUP);
        generation = g.generation();
        source = World.RepoView.of(lakefs, REPO);
        chunks = (int) Math.ceil(g.objects() / (double) World.settings().copyChunkSize());
        assertThat(source.hidden()).as("the sample has a hidden branch").isNotEmpty();
        assertThat(chunks).as("several copy steps").isGreaterThan(1);
    }

    @AfterAll
    void close() {
        w.close();
    }

    Stream<CrashPoint> crashPoints() {
        List<CrashPoint> points = new ArrayList<>();
        for (var step : List.of(StepCatalog.PREPARE_RESTORE, StepCatalog.CREATE_BARE_REPOSITORY,
                StepCatalog.PLAN_RESTORE)) {
            points.add(CrashPoint.after(step.name()));
        }
        for (int i = 1; i <= chunks; i++) {
            points.add(CrashPoint.afterCopy(i));
        }
        for (var step : List.of(StepCatalog.SUBMIT_RESTORE, StepCatalog.POLL_RESTORE, StepCatalog.APPLY_SETTINGS,
                StepCatalog.VERIFY_RESTORE)) {
            points.add(CrashPoint.after(step.name()));
        }
        points.add(CrashPoint.inside(StepCatalog.SUBMIT_RESTORE.name(), "submitRestore"));
        points.add(CrashPoint.inside(StepCatalog.APPLY_SETTINGS.name(), "deleteBranch"));
        points.add(CrashPoint.inside(StepCatalog.VERIFY_RESTORE.name(), "logCommits"));
        points.add(CrashPoint.inside(StepCatalog.VERIFY_RESTORE.name(), "getObject"));
        return points.stream();
    }

    /** A few crash points, re-run with {@code resume} (the CLI's {@code restore --resume}). */
    Stream<CrashPoint> resumePoints() {
        return Stream.of(CrashPoint.afterCopy(1), CrashPoint.inside(StepCatalog.SUBMIT_RESTORE.name(), "submitRestore"),
                CrashPoint.inside(StepCatalog.APPLY_SETTINGS.name(), "deleteBranch"),
                CrashPoint.after(StepCatalog.VERIFY_RESTORE.name()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("crashPoints")
    void aRestoreKilledThereIsFinishedByRunningItAgain(CrashPoint point) throws Exception {
        crashAndRerun(point, false);
    }

    @ParameterizedTest(name = "{0}, resumed")
    @MethodSource("resumePoints")
    void aRestoreKilledThereIsFinishedWithResume(CrashPoint point) throws Exception {
        crashAndRerun(point, true);
    }

    private void crashAndRerun(CrashPoint point, boolean resume) throws Exception {
        LakeFsEmulator server = w.emulator();
        LakeFsClient target = w.client(server);
        try {
            crashAndRerun(point, resume, server, target);
        } finally {
            w.close(target, server);
        }
    }

    private void crashAndRerun(CrashPoint point, boolean resume, LakeFsEmulator server, LakeFsClient target)
            throws Exception {
        World.RepoView bystander = bystander(server);
        Map<String, String> backupBefore = w.contents(BACKUP + "/" + REPO);
        String namespace = "s3://target/" + (resume ? "resumed-" : "") + point.name().replace(' ', '-');
        RestoreRequest request = new RestoreRequest(BACKUP, REPO, generation, null, namespace, false);

        CrashingClient crashing = new CrashingClient(target, point);
        assertThatThrownBy(() -> World.run(w.services(crashing).as(World.deadProcess()), new RestoreWorkflow(),
                request, crashing)).as("the first run died at %s", point).isInstanceOf(World.Crash.class);
        assertThat(w.keys(BACKUP + "/_runs/" + REPO)).as("the dead run's lease is left").contains("lease.json");

        CrashingClient rerunClient = new CrashingClient(target, null);
        RestoreRequest again = resume ? new RestoreRequest(BACKUP, REPO, generation, null, namespace, false, null,
                true, false) : request;
        RestoreVerification verified = World.run(w.services(rerunClient), new RestoreWorkflow(), again);

        assertThat(verified.generation()).isEqualTo(generation);
        assertThat(World.RepoView.of(target, REPO)).isEqualTo(source);
        assertThat(World.RepoView.of(target, "bystander")).as("another repository").isEqualTo(bystander);
        assertThat(crashing.repositoriesDeleted.get() + rerunClient.repositoriesDeleted.get())
                .as("no repository deleted").isZero();
        Map<String, String> backupAfter = w.contents(BACKUP + "/" + REPO);
        backupAfter.keySet().removeIf(k -> k.startsWith("restores/"));
        Map<String, String> before = new java.util.TreeMap<>(backupBefore);
        before.keySet().removeIf(k -> k.startsWith("restores/"));
        assertThat(backupAfter).as("backed-up objects and generations").isEqualTo(before);
        assertThat(w.keys(BACKUP + "/_runs/" + REPO)).as("scratch and lease removed").isEmpty();
        assertThat(w.store.get(new BackupLayout(Location.parse(BACKUP), REPO).restoreRecord(namespace)))
                .as("the restore is recorded as finished").hasValueSatisfying(record ->
                        assertThat(json(record).path("completed_at").isTextual()).isTrue());
    }

    static com.fasterxml.jackson.databind.JsonNode json(byte[] document) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(document);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A repository on the target server that no restore may touch. */
    private World.RepoView bystander(LakeFsEmulator server) throws Exception {
        var sdk = SampleRepository.client(server.endpoint(), World.KEY, World.SECRET);
        new RepositoriesApi(sdk).createRepository(new RepositoryCreation().name("bystander")
                .storageNamespace("s3://target/bystander-" + server.port()).defaultBranch("main")).execute();
        SampleRepository sample = new SampleRepository(sdk);
        sample.upload("bystander", "main", Map.of("a.txt", "a"));
        sample.commit("bystander", "main", "bystander data");
        return World.RepoView.of(w.client(server), "bystander");
    }

    /**
     * The crash: after the n-th end of a step (as a listener), or right after lakeFS answered a call inside a step
     * (as a client decorator). Counts repository deletions either way.
     */
    static final class CrashingClient extends ForwardingLakeFsClient implements InProcessRunner.Listener {
        private final CrashPoint point;
        private final AtomicInteger finished = new AtomicInteger();
        final AtomicInteger repositoriesDeleted = new AtomicInteger();
        private volatile String step = "";
        private volatile boolean crashed;

        CrashingClient(LakeFsClient delegate, CrashPoint point) {
            super(delegate);
            this.point = point;
        }

        @Override
        public void stepStarted(String name, Object input) {
            if (crashed) {
                throw new World.Crash(point.name()); // a dead process starts nothing (a fan-out's queued steps)
            }
            step = name;
        }

        @Override
        public void stepFinished(String name, Object output) {
            if (point != null && name.equals(point.afterStep()) && finished.incrementAndGet() == point.occurrence()) {
                crash();
            }
        }

        private void crashAfter(String call) {
            if (point != null && call.equals(point.insideCall()) && step.equals(point.duringStep())) {
                crash();
            }
        }

        private void crash() {
            crashed = true;
            throw new World.Crash(point.name());
        }

        @Override
        public String submitRestore(String repository, MetaRangeIds refs, boolean force) {
            String task = super.submitRestore(repository, refs, force);
            crashAfter("submitRestore");
            return task;
        }

        @Override
        public void deleteBranch(String repository, String branch) {
            super.deleteBranch(repository, branch);
            crashAfter("deleteBranch");
        }

        @Override
        public Stream<CommitInfo> logCommits(String repository, String ref) {
            Stream<CommitInfo> log = super.logCommits(repository, ref);
            crashAfter("logCommits");
            return log;
        }

        @Override
        public InputStream getObject(String repository, String ref, String path) {
            InputStream in = super.getObject(repository, ref, path);
            try {
                crashAfter("getObject");
            } catch (World.Crash c) {
                try {
                    in.close();
                } catch (java.io.IOException ignored) {
                    // the crash is what matters
                }
                throw c;
            }
            return in;
        }

        @Override
        public void deleteRepository(String repository, boolean force) {
            repositoriesDeleted.incrementAndGet();
            super.deleteRepository(repository, force);
        }
    }
}
