package org.lakefsbackup.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.lakefs.clients.sdk.RepositoriesApi;
import io.lakefs.clients.sdk.TagsApi;
import io.lakefs.clients.sdk.model.RepositoryCreation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lakefsbackup.core.copy.ProgressListener;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.lakefs.CommitInfo;
import org.lakefsbackup.core.lakefs.LakeFsClient;
import org.lakefsbackup.core.lakefs.MetaRangeIds;
import org.lakefsbackup.core.lakefs.NamedRef;
import org.lakefsbackup.core.lakefs.RepositoryInfo;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.retention.RetentionPolicy;
import org.lakefsbackup.core.store.CopyRequest;
import org.lakefsbackup.core.store.CopyResult;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.ObjectStore;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.core.step.BackupAllRequest;
import org.lakefsbackup.core.step.ListGenerationsRequest;
import org.lakefsbackup.core.step.BackupRequest;
import org.lakefsbackup.core.step.DeleteRequest;
import org.lakefsbackup.core.step.EventClaimRequest;
import org.lakefsbackup.core.step.PlanRequest;
import org.lakefsbackup.core.step.DumpRequest;
import org.lakefsbackup.core.step.CommitRequest;
import org.lakefsbackup.core.trigger.EventMarks;
import org.lakefsbackup.core.trigger.LakeFsEvent;
import org.lakefsbackup.core.step.PruneAllRequest;
import org.lakefsbackup.core.step.PruneRequest;
import org.lakefsbackup.core.step.DrillRequest;
import org.lakefsbackup.core.step.GenerationResult;
import org.lakefsbackup.core.step.ResetRequest;
import org.lakefsbackup.core.step.RestoreRequest;
import org.lakefsbackup.core.step.RestoreRun;
import org.lakefsbackup.core.step.Settings;
import org.lakefsbackup.core.step.StepCatalog;
import org.lakefsbackup.core.step.StepDefinition;
import org.lakefsbackup.core.step.StepServices;
import org.lakefsbackup.core.step.VerifyRequest;
import org.lakefsbackup.testkit.lakefs.ForwardingLakeFsClient;
import org.lakefsbackup.testkit.lakefs.LakeFsEmulator;
import org.lakefsbackup.testkit.lakefs.SampleRepository;
import org.lakefsbackup.testkit.store.ForwardingObjectStore;

/**
 * The proof that every step of the backup, restore, prune, drill and rolling verification workflows is safe to run again after failing between any two
 * of its effects. For each step of the {@link StepCatalog}, the workflow is run up to the step (in a fresh backup
 * location and, for restores and drills, a fresh target lakeFS) and the step's input captured; then
 * <ul>
 *   <li>the step runs twice: the state equals the state after the first run;</li>
 *   <li>for every k, the step fails right after its k-th effect (a write, copy or delete in a store, or a change in
 *       lakeFS, which takes effect and then reports a retryable UNAVAILABLE, as a lost reply would), then runs again:
 *       the state equals one clean run's.</li>
 * </ul>
 * State: the backup location's objects (JSON documents with times, task ids and the trial's own locations masked),
 * the lakeFS repository the step works on (branches with hidden flags, tags, rules, metadata, commits) and the keys
 * of the target namespace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StepIdempotenceTest {
    /** A valid generation id, used as the backup run id so every trial makes the same generation. */
    static final String BACKUP_RUN = "20250101T000000000Z-idem";
    static final Instant STARTED = Instant.parse("2025-01-01T00:00:00Z");
    static final String RESTORE_RUN = "restore-idem";
    static final String PRUNE_RUN = "prune-idem";
    /** The template backup and a later generation of it, with an object no generation references (an orphan). */
    static final String PRUNE_TEMPLATE = "s3://backups/prune-template";
    static final RetentionPolicy KEEP_LAST_1 = new RetentionPolicy(1, null, null, null, null, null, null);
    static final String DRILL_RUN = "drill-idem";
    static final String REPO = World.SAMPLE;
    static final ObjectMapper JSON = new ObjectMapper();

    World w;
    LakeFsEmulator sourceServer;
    String templateGeneration;
    final AtomicInteger trials = new AtomicInteger();
    final Map<String, Integer> effectsPerStep = Collections.synchronizedMap(new TreeMap<>());

    @BeforeAll
    void backUpTheTemplate() {
        w = new World();
        sourceServer = w.sampleServer();
        GenerationResult g = w.backUpSample(w.client(sourceServer), "s3://backups/template");
        templateGeneration = g.generation();
        copy("s3://backups/template", PRUNE_TEMPLATE);
        World.run(w.services(w.client(sourceServer)), new BackupWorkflow(), new BackupRequest(REPO, PRUNE_TEMPLATE,
                false, "20250102T000000000Z-idm2", STARTED.plusSeconds(86_400), false, true));
        w.store.put(new BackupLayout(Location.parse(PRUNE_TEMPLATE), REPO).repositoryRoot()
                .resolve("objects/orphan/only-a-forgotten-generation-had-it"), "old".getBytes(StandardCharsets.UTF_8));
    }

    /** Copies every object of one backup location to another. */
    void copy(String fromLocation, String toLocation) {
        Location from = Location.parse(fromLocation);
        Location to = Location.parse(toLocation);
        try (Stream<ObjectInfo> objects = w.store.list(from, null)) {
            objects.forEach(o -> w.store.copy(CopyRequest.of(from.resolve(o.key()), to.resolve(o.key()))));
        }
    }

    @AfterAll
    void close() {
        System.out.println("effects per step: " + effectsPerStep + "; trials: " + trials.get());
        w.close();
    }

    /**
     * A step under test: how to bring a fresh trial to it and what its input is there.
     *
     * @param mayLack a scratch document a re-run after a failure may rightly not write (see its use), or null
     */
    record Case(String name, StepDefinition<?, ?> step, Function<Trial, Object> prepare, String mayLack) {
        Case(String name, StepDefinition<?, ?> step, Function<Trial, Object> prepare) {
            this(name, step, prepare, null);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // at the start of a run (takes the lease) and after it (takes it for the follow-up), two event marks pending
        cases.add(new Case("claim-events (start)", StepCatalog.CLAIM_EVENTS, t -> {
            Object in = t.backupUpTo(StepCatalog.CLAIM_EVENTS, false);
            t.markEvents(2);
            return in;
        }));
        cases.add(new Case("claim-events (follow-up)", StepCatalog.CLAIM_EVENTS, t -> t.backupSide(false, () -> {
            t.markEvents(2);
            return EventClaimRequest.followUp(new BackupRequest(REPO, t.backup, false, BACKUP_RUN, STARTED, false),
                    BackupWorkflow.followUpRunId(BACKUP_RUN, 1));
        })));
        // the workflow's prepare trusts the lease its claim took; without a claim (leased false) it takes it itself
        cases.add(backupCase(StepCatalog.PREPARE_BACKUP, false));
        cases.add(new Case("prepare-backup (takes the lease)", StepCatalog.PREPARE_BACKUP, t -> {
            BackupRequest r = (BackupRequest) t.backupUpTo(StepCatalog.PREPARE_BACKUP, false);
            assertThat(r.leased()).as("the workflow's prepare").isTrue();
            return new BackupRequest(r.repository(), r.backup(), r.commitUncommitted(), r.runId(), r.startedAt(),
                    r.breakLease(), r.forceNewGeneration(), false);
        }));
        // the repository is unchanged since the template's generation: the step marks it still current
        cases.add(new Case(StepCatalog.CHECK_UNCHANGED.name(), StepCatalog.CHECK_UNCHANGED,
                t -> t.backupSide(false, () -> {
                    t.copyTemplateBackup();
                    return t.upTo(new BackupWorkflow(), new BackupRequest(REPO, t.backup, false, BACKUP_RUN, STARTED,
                            false), StepCatalog.CHECK_UNCHANGED.name());
                })));
        cases.add(backupCase(StepCatalog.COMMIT_UNCOMMITTED, true));
        cases.add(backupCase(StepCatalog.SUBMIT_DUMP, false));
        cases.add(backupCase(StepCatalog.POLL_DUMP, false));
        cases.add(backupCase(StepCatalog.PLAN_BACKUP, false));
        // inputs an earlier version's workflow gave (what prepare learned, the refs before the dump: in the scratch)
        cases.add(new Case("submit-dump (reads prepared.json)", StepCatalog.SUBMIT_DUMP, t -> {
            DumpRequest r = (DumpRequest) t.backupUpTo(StepCatalog.SUBMIT_DUMP, false);
            return new DumpRequest(r.run(), r.attempt());
        }));
        cases.add(new Case("plan-backup (reads prepared.json)", StepCatalog.PLAN_BACKUP, t -> {
            PlanRequest r = (PlanRequest) t.backupUpTo(StepCatalog.PLAN_BACKUP, false);
            return new PlanRequest(r.run(), r.resume());
        }));
        cases.add(new Case("copy-chunk (backup)", StepCatalog.COPY_CHUNK,
                t -> t.backupUpTo(StepCatalog.COPY_CHUNK, false)));
        cases.add(backupCase(StepCatalog.VERIFY_BACKUP, false));
        cases.add(backupCase(StepCatalog.COMMIT_GENERATION, false));
        // an earlier version's workflow gave commit a bare run reference: it reads the plan and the verification back
        cases.add(new Case("commit-generation (a bare run reference)", StepCatalog.COMMIT_GENERATION, t -> {
            CommitRequest r = (CommitRequest) t.backupUpTo(StepCatalog.COMMIT_GENERATION, false);
            assertThat(r.plan()).as("the workflow's commit input").isNotNull();
            CommitRequest bare = org.lakefsbackup.core.model.Json.read(org.lakefsbackup.core.model.Json.write(r.run()),
                    CommitRequest.class, org.lakefsbackup.core.error.ErrorCode.INVALID_INPUT, "a run reference");
            assertThat(bare).isEqualTo(new CommitRequest(r.run()));
            return bare;
        }));
        cases.add(new Case(StepCatalog.ABANDON_BACKUP.name(), StepCatalog.ABANDON_BACKUP,
                t -> ((VerifyRequest) t.backupUpTo(StepCatalog.VERIFY_BACKUP, false)).run()));
        cases.add(new Case(StepCatalog.LIST_REPOSITORIES.name(), StepCatalog.LIST_REPOSITORIES,
                t -> t.backupSide(false, () -> new BackupAllRequest(List.of(), t.backup, false))));
        cases.add(new Case(StepCatalog.LIST_GENERATIONS.name(), StepCatalog.LIST_GENERATIONS,
                t -> t.backupSide(false, () -> {
                    t.copyTemplateBackup();
                    return new ListGenerationsRequest(t.backup, REPO);
                })));
        cases.add(new Case(StepCatalog.CHECK_BACKUP_AGES.name(), StepCatalog.CHECK_BACKUP_AGES,
                t -> t.backupSide(false, () -> {
                    t.copyTemplateBackup();
                    return new org.lakefsbackup.core.step.BackupAgeRequest(t.backup, List.of(REPO), 26);
                })));

        cases.add(restoreCase(StepCatalog.PREPARE_RESTORE));
        cases.add(restoreCase(StepCatalog.CREATE_BARE_REPOSITORY));
        cases.add(restoreCase(StepCatalog.PLAN_RESTORE));
        cases.add(new Case("copy-chunk (restore)", StepCatalog.COPY_CHUNK,
                t -> t.restoreUpTo(StepCatalog.COPY_CHUNK)));
        // lakeFS took the restore but its reply was lost: the re-run finds the target's refs equal to the generation's
        // and goes on without a task to follow, so it records no task id (the refs themselves are compared)
        cases.add(new Case(StepCatalog.SUBMIT_RESTORE.name(), StepCatalog.SUBMIT_RESTORE,
                t -> t.restoreUpTo(StepCatalog.SUBMIT_RESTORE), "/restore-task.json"));
        cases.add(restoreCase(StepCatalog.POLL_RESTORE));
        cases.add(new Case(StepCatalog.RESET_RESTORE_TARGET.name(), StepCatalog.RESET_RESTORE_TARGET, t -> {
            RestoreRun run = (RestoreRun) t.restoreUpTo(StepCatalog.APPLY_SETTINGS);
            t.dropATag(); // the target now holds part of the generation's refs, as after a half-done restore
            return new ResetRequest(run, "simulated: the refs restore stopped halfway");
        }));
        cases.add(restoreCase(StepCatalog.APPLY_SETTINGS));
        cases.add(restoreCase(StepCatalog.VERIFY_RESTORE));
        cases.add(restoreCase(StepCatalog.FINISH_RESTORE));
        cases.add(new Case(StepCatalog.CLEANUP_RESTORE.name(), StepCatalog.CLEANUP_RESTORE,
                t -> t.restoreUpTo(StepCatalog.PLAN_RESTORE) instanceof org.lakefsbackup.core.step.RestorePlanRequest p
                        ? p.restore() : fail("no plan request")));

        for (StepDefinition<?, ?> step : List.of(StepCatalog.PREPARE_PRUNE, StepCatalog.FORGET_GENERATIONS,
                StepCatalog.PLAN_PRUNE, StepCatalog.DELETE_UNREFERENCED, StepCatalog.REMOVE_FORGOTTEN,
                StepCatalog.FINISH_PRUNE)) {
            cases.add(new Case(step.name(), step, t -> t.pruneUpTo(step)));
        }
        cases.add(new Case(StepCatalog.ABANDON_PRUNE.name(), StepCatalog.ABANDON_PRUNE,
                t -> ((DeleteRequest) t.pruneUpTo(StepCatalog.DELETE_UNREFERENCED)).prune()));
        cases.add(new Case(StepCatalog.SELECT_BACKUPS.name(), StepCatalog.SELECT_BACKUPS, t -> {
            t.pruneUpTo(StepCatalog.PREPARE_PRUNE);
            return new PruneAllRequest(t.backup, List.of(), KEEP_LAST_1, null, true, false);
        }));
        // rolling verification: subset 1 of 2 was read by an earlier run, so this run's read completes a full pass
        // (a second recording by the same run would start a new pass: the run's id keeps it to one)
        for (StepDefinition<?, ?> step : List.of(StepCatalog.PLAN_ROLLING_VERIFY, StepCatalog.READ_DATA_SUBSET,
                StepCatalog.FINISH_ROLLING_VERIFY)) {
            cases.add(new Case(step.name(), step, t -> t.backupSide(false, () -> {
                Location backup = t.copyTemplateBackup();
                org.lakefsbackup.core.step.ReadCoverage.record(w.storage, new BackupLayout(backup, REPO),
                        new org.lakefsbackup.core.model.GenerationId(templateGeneration),
                        new org.lakefsbackup.core.step.DataSubset(1, 2), STARTED, "20241231T000000000Z-earlier");
                return t.upTo(new RollingVerifyWorkflow(), new org.lakefsbackup.core.step.RollingVerifyRequest(
                        t.backup, List.of(REPO), 2, "20250101T000000000Z-roll"), step.name());
            })));
        }
        cases.add(drillCase(StepCatalog.PREPARE_DRILL));
        cases.add(drillCase(StepCatalog.CHECK_DRILL_SAMPLE));
        // the drill's own clean-up: the temporary repository, the restore's scratch, every object it copied, the lease
        cases.add(drillCase(StepCatalog.CLEANUP_DRILL));
        cases.add(drillCase(StepCatalog.RECORD_DRILL));
        return cases.stream();
    }

    private Case backupCase(StepDefinition<?, ?> step, boolean commit) {
        return new Case(step.name(), step, t -> t.backupUpTo(step, commit));
    }

    private Case restoreCase(StepDefinition<?, ?> step) {
        return new Case(step.name(), step, t -> t.restoreUpTo(step));
    }

    private Case drillCase(StepDefinition<?, ?> step) {
        return new Case(step.name(), step, t -> t.drillUpTo(step));
    }

    @Test
    void everyStepOfEveryWorkflowIsCovered() {
        Set<String> covered = cases().map(c -> c.step().name()).collect(Collectors.toSet());
        assertThat(covered).containsExactlyInAnyOrderElementsOf(StepCatalog.all().stream().map(StepDefinition::name)
                .toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void runTwiceOrFailedAfterAnyEffectAndRunAgainEndsAsOneCleanRun(Case c) {
        try (Trial clean = new Trial()) {
            cleanAndFailedRuns(c, clean);
        }
    }

    private void cleanAndFailedRuns(Case c, Trial clean) {
        Object input = c.prepare().apply(clean);
        clean.runStep(c.step(), input);
        int effects = clean.effects.count.get();
        effectsPerStep.put(c.name(), effects);
        Map<String, String> once = clean.state();
        clean.runStep(c.step(), input);
        assertSameState(clean.state(), once, c.name() + " run twice");

        for (int k = 1; k <= effects; k++) {
            for (boolean stops : new boolean[] {false, true}) {
                String what = c.name() + " failed after effect " + k + " of " + effects
                        + (stops ? " and unreachable from then on" : "") + ", then run again";
                try (Trial t = new Trial()) {
                    Object in = c.prepare().apply(t);
                    t.effects.failAfter(k, stops);
                    try {
                        t.runStep(c.step(), in);
                    } catch (LakeFsBackupException e) {
                        assertThat(e.retryable()).as("%s: %s", what, e.getMessage()).isTrue();
                    }
                    assertThat(t.effects.injected).as("%s: effect %d happened", c.name(), k).isTrue();
                    t.effects.failAfter(0, false);
                    t.runStep(c.step(), in);
                    Map<String, String> expected = new TreeMap<>(once);
                    Map<String, String> actual = t.state();
                    if (c.mayLack() != null) {
                        expected.keySet().removeIf(key -> key.endsWith(c.mayLack()) && !actual.containsKey(key));
                    }
                    assertSameState(actual, expected, what);
                }
            }
        }
    }

    /** Fails naming only what differs: keys on one side only, and values that differ (shortened). */
    static void assertSameState(Map<String, String> actual, Map<String, String> expected, String what) {
        List<String> differences = new ArrayList<>();
        for (String k : expected.keySet()) {
            if (!actual.containsKey(k)) {
                differences.add("missing " + k);
            } else if (!actual.get(k).equals(expected.get(k))) {
                differences.add("different " + k + ":\n    expected " + shorten(expected.get(k)) + "\n    actual   "
                        + shorten(actual.get(k)));
            }
        }
        actual.keySet().stream().filter(k -> !expected.containsKey(k)).forEach(k -> differences.add("extra " + k));
        if (!differences.isEmpty()) {
            fail(what + ": the state differs from one clean run:\n  " + String.join("\n  ", differences));
        }
    }

    private static String shorten(String s) {
        return s.length() <= 600 ? s : s.substring(0, 600) + "...";
    }

    /** Thrown by the listener to stop a workflow at the step under test. */
    static final class Stop extends Error {
        Stop() {
            super("stopped at the step under test", null, false, false);
        }
    }

    /**
     * One trial: a fresh backup location (and for restores a fresh target lakeFS and namespace), ports that count
     * the step's effects, and the record of lakeFS tasks submitted (settled before the state is read).
     */
    final class Trial implements AutoCloseable {
        final int n = trials.incrementAndGet();
        final String backup = "s3://backups/t" + n;
        final String namespace = "s3://target/t" + n;
        final Effects effects = new Effects();
        final List<String[]> tasks = Collections.synchronizedList(new ArrayList<>());
        final Map<String, String> aliases = new LinkedHashMap<>();
        LakeFsClient lakefs;
        String repository = REPO;
        boolean restore;
        LakeFsEmulator server;
        /** The clock of the step under test (fixed for drills: their record holds the time it was written). */
        Clock stepClock = Clock.systemUTC();

        Trial() {
            aliases.put(backup, "<backup>");
            aliases.put(namespace, "<target>");
        }

        @Override
        public void close() {
            w.close(lakefs, server);
        }

        StepServices services() {
            return services(Clock.systemUTC());
        }

        StepServices services(Clock clock) {
            Settings s = World.settings().withCopyConcurrency(1).withMaxAttemptsPerObject(1);
            return new StepServices(new CountingLakeFs(lakefs, this), Storage.of(new CountingStore(w.store, effects)),
                    clock, s);
        }

        <T> T backupSide(boolean commit, Supplier<T> input) {
            if (commit) {
                // committing changes the source: each such trial gets a small repository of its own
                server = w.emulator();
                String ns = "s3://source/mini-" + n;
                aliases.put(ns, "<source>");
                var sdk = SampleRepository.client(server.endpoint(), World.KEY, World.SECRET);
                try {
                    new RepositoriesApi(sdk).createRepository(new RepositoryCreation().name(REPO)
                            .storageNamespace(ns).defaultBranch("main")).execute();
                    SampleRepository sample = new SampleRepository(sdk);
                    sample.upload(REPO, "main", Map.of("a.txt", "a"));
                    sample.commit(REPO, "main", "first");
                    sample.upload(REPO, "main", Map.of("b.txt", "b"));
                } catch (io.lakefs.clients.sdk.ApiException e) {
                    throw new IllegalStateException(e);
                }
                lakefs = w.client(server);
            } else {
                lakefs = w.client(sourceServer);
            }
            return input.get();
        }

        /** Runs the backup workflow up to {@code step}; returns that step's input. */
        Object backupUpTo(StepDefinition<?, ?> step, boolean commit) {
            return backupSide(commit, () -> upTo(new BackupWorkflow(), new BackupRequest(REPO, backup, commit,
                    BACKUP_RUN, STARTED, false), step.name()));
        }

        /** Writes the marks of {@code count} lakeFS events of the repository here, as the webhook does. */
        void markEvents(int count) {
            for (int i = 0; i < count; i++) {
                new EventMarks(w.storage).mark(Location.parse(backup), new LakeFsEvent("post-commit", "", "backup",
                        "backup", REPO, "main", "", "c" + i, "r" + i), STARTED.plusSeconds(i));
            }
        }

        /** Copies the template backup (one committed generation of the sample) to this trial's location. */
        Location copyTemplateBackup() {
            copy("s3://backups/template", backup);
            return Location.parse(backup);
        }

        /**
         * Copies the prune template here and runs the prune workflow (keep the last generation, prune) up to
         * {@code step}; returns its input.
         */
        Object pruneUpTo(StepDefinition<?, ?> step) {
            copy(PRUNE_TEMPLATE, backup);
            lakefs = w.client(sourceServer);
            return upTo(new PruneWorkflow(), new PruneRequest(backup, REPO, KEEP_LAST_1, true, false, false,
                    PRUNE_RUN), step.name());
        }

        /** Copies the template backup here and runs the restore workflow up to {@code step}; returns its input. */
        Object restoreUpTo(StepDefinition<?, ?> step) {
            restoreSide(namespace);
            return upTo(new RestoreWorkflow(), new RestoreRequest(backup, REPO, templateGeneration, null, namespace,
                    false, RESTORE_RUN, false, false), step.name());
        }

        /**
         * Copies the template backup here and runs the drill workflow up to {@code step} (the drill's namespaces go
         * under this trial's target namespace); returns that step's input.
         */
        Object drillUpTo(StepDefinition<?, ?> step) {
            repository = DrillRequest.defaultName(REPO);
            restoreSide(namespace + "/" + repository + "/" + DRILL_RUN);
            stepClock = Clock.fixed(STARTED.plusSeconds(3600), ZoneOffset.UTC);
            return upTo(new DrillWorkflow(), new DrillRequest(backup, REPO, templateGeneration, null, namespace, 0,
                    DRILL_RUN, STARTED), step.name());
        }

        /** A copy of the template backup here, a fresh target lakeFS, and the alias of the restore's record. */
        private void restoreSide(String restoredNamespace) {
            restore = true;
            Location to = copyTemplateBackup();
            String record = new BackupLayout(to, REPO).restoreRecord(restoredNamespace).key();
            aliases.put(record.substring(record.lastIndexOf('/') + 1), "<record>.json");
            server = w.emulator();
            lakefs = w.client(server);
        }

        private <I> Object upTo(Workflow<I, ?> workflow, I request, String step) {
            AtomicReference<Object> input = new AtomicReference<>();
            InProcessRunner.Listener stop = new InProcessRunner.Listener() {
                @Override
                public void stepStarted(String name, Object in) {
                    // once stopped, nothing starts any more (a fan-out's queued steps included)
                    if (input.get() != null || name.equals(step) && input.compareAndSet(null, in)) {
                        throw new Stop();
                    }
                }
            };
            try {
                World.run(services(), workflow, request, stop);
            } catch (Stop expected) {
                // the workflow reached the step
            }
            assertThat(input.get()).as("the workflow reached %s", step).isNotNull();
            settle();
            effects.reset();
            return input.get();
        }

        /** Deletes one tag on the restored target: it then holds part of the generation's refs. */
        void dropATag() {
            try {
                var sdk = SampleRepository.client(server.endpoint(), World.KEY, World.SECRET);
                String tag = new TagsApi(sdk).listTags(REPO).execute().getResults().get(0).getId();
                new TagsApi(sdk).deleteTag(REPO, tag).execute();
            } catch (io.lakefs.clients.sdk.ApiException e) {
                throw new IllegalStateException(e);
            }
        }

        void runStep(StepDefinition<?, ?> step, Object input) {
            try {
                step.runUnchecked(services(stepClock), input, ProgressListener.NONE);
            } finally {
                settle();
            }
        }

        /** Waits (bounded) until every lakeFS task this trial submitted is done. */
        void settle() {
            List<String[]> submitted;
            synchronized (tasks) {
                submitted = List.copyOf(tasks);
            }
            for (String[] task : submitted) {
                World.await("lakeFS task " + task[1], () -> {
                    try {
                        return task[0].equals("dump") ? lakefs.dumpStatus(task[2], task[1]).done()
                                : lakefs.restoreStatus(task[2], task[1]).done();
                    } catch (LakeFsBackupException e) {
                        return e.code() == ErrorCode.TASK_LOST;
                    }
                });
            }
        }

        /** The state the step is judged by, masked for what differs between trials by nature. */
        Map<String, String> state() {
            Map<String, String> state = new TreeMap<>();
            try (Stream<ObjectInfo> objects = w.store.list(Location.parse(backup), null)) {
                objects.forEach(o -> state.put("backup:" + mask(o.key()), content(Location.parse(backup)
                        .resolve(o.key()))));
            }
            Optional<RepositoryInfo> repo = lakefs.getRepository(repository);
            state.put("lakefs:" + repository, repo.map(r -> mask(r.storageNamespace()) + " "
                    + (aliases.containsValue("<source>") ? shape() : World.RepoView.of(lakefs, repository)))
                    .orElse("absent"));
            if (restore) {
                try (Stream<ObjectInfo> objects = w.store.list(Location.parse(namespace), null)) {
                    state.put("namespace", objects.map(ObjectInfo::key).sorted().toList().toString());
                }
            }
            return state;
        }

        /** A repository by its commit messages (ids of new commits differ between trials). */
        private String shape() {
            Map<String, List<String>> logs = new TreeMap<>();
            try (Stream<NamedRef> branches = lakefs.listBranches(repository, true)) {
                branches.forEach(b -> {
                    try (Stream<CommitInfo> log = lakefs.logCommits(repository, b.commitId())) {
                        logs.put(b.name(), log.map(c -> c.message() + " " + c.metadata()).toList());
                    }
                });
            }
            Map<String, Integer> uncommitted = new TreeMap<>();
            logs.keySet().forEach(b -> uncommitted.put(b, lakefs.uncommittedChanges(repository, b, 100).paths()
                    .size()));
            return "logs " + logs + " uncommitted " + uncommitted;
        }

        private String content(Location l) {
            byte[] bytes = w.store.get(l).orElseThrow();
            String key = l.key();
            try {
                if (key.endsWith(".gz")) {
                    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                        bytes = in.readAllBytes();
                    }
                    return new String(bytes, StandardCharsets.UTF_8).lines().map(this::maskJson)
                            .collect(Collectors.joining("\n"));
                }
                if (key.endsWith(".json")) {
                    return maskJson(new String(bytes, StandardCharsets.UTF_8));
                }
                if (key.endsWith(".md")) {
                    return mask(MD_TIME.matcher(MD_DURATION.matcher(new String(bytes, StandardCharsets.UTF_8))
                            .replaceAll("<duration>")).replaceAll("<time>"));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return w.store.head(l).orElseThrow().etag();
        }

        private String maskJson(String text) {
            try {
                return JSON.writeValueAsString(maskNode(JSON.readTree(text)));
            } catch (IOException e) {
                return mask(text);
            }
        }

        private JsonNode maskNode(JsonNode node) {
            if (node instanceof ObjectNode o) {
                for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    e.setValue(e.getKey().endsWith("duration_ms") && e.getValue().isNumber()
                            ? TextNode.valueOf("<duration>") : maskNode(e.getValue()));
                }
                return o;
            }
            if (node instanceof ArrayNode a) {
                for (int i = 0; i < a.size(); i++) {
                    a.set(i, maskNode(a.get(i)));
                }
                return a;
            }
            if (node.isTextual()) {
                String s = node.asText();
                if (TIME.matcher(s).matches()) {
                    return TextNode.valueOf("<time>");
                }
                if (TASK.matcher(s).matches()) {
                    return TextNode.valueOf("<task>");
                }
                return TextNode.valueOf(mask(s));
            }
            return node;
        }

        String mask(String s) {
            for (var e : aliases.entrySet()) {
                s = s.replaceAll(Pattern.quote(e.getKey()) + "(?![0-9])", Matcher.quoteReplacement(e.getValue()));
            }
            return CLOCK_GENERATION.matcher(s).replaceAll("<generation named by the clock>");
        }
    }

    static final Pattern TIME = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$");
    /**
     * A generation id named from the clock, not from the trials' fixed start (a follow-up run's, named when its claim
     * takes the lease): it differs between trials by nature.
     */
    static final Pattern CLOCK_GENERATION = Pattern.compile("(?<![0-9])(?!20250101T)\\d{8}T\\d{9}Z-[a-z0-9]{4}");
    static final Pattern TASK = Pattern.compile("^(RR|DR)[0-9A-Za-z_-]{20}$");
    /** Times and durations in the Markdown renderings of reports (they differ between trials by nature). */
    static final Pattern MD_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");
    static final Pattern MD_DURATION = Pattern.compile("\\| [0-9][0-9,]*\\.\\d s \\|");

    /** Counts a step's effects; with {@link #failAfter} set, the k-th takes effect and then reports UNAVAILABLE. */
    static final class Effects {
        final AtomicInteger count = new AtomicInteger();
        private volatile int failAfter;
        private volatile boolean stops;
        volatile boolean injected;

        void reset() {
            count.set(0);
            injected = false;
        }

        /**
         * @param stops whether every call after the failure fails too (the step's host lost the network or died),
         *              rather than only the k-th (a reply lost once)
         */
        void failAfter(int k, boolean stops) {
            reset();
            failAfter = k;
            this.stops = stops;
        }

        <T> T effect(String what, Supplier<T> call) {
            if (injected && stops) {
                throw ErrorCode.UNAVAILABLE.exception("injected: unreachable after effect " + failAfter);
            }
            T result = call.get();
            int n = count.incrementAndGet();
            if (n == failAfter) {
                injected = true;
                throw ErrorCode.UNAVAILABLE.exception("injected: no reply after effect " + n + " (" + what + ")");
            }
            return result;
        }

        void effect(String what, Runnable call) {
            effect(what, () -> {
                call.run();
                return null;
            });
        }
    }

    /** The backup and namespace stores as steps see them: every mutating call is an effect. */
    static final class CountingStore extends ForwardingObjectStore {
        private final Effects effects;

        CountingStore(ObjectStore delegate, Effects effects) {
            super(delegate);
            this.effects = effects;
        }

        @Override
        public boolean putIfAbsent(Location location, byte[] content) {
            return effects.effect("putIfAbsent " + location, () -> super.putIfAbsent(location, content));
        }

        @Override
        public boolean replaceIfMatch(Location location, byte[] content, String etag) {
            return effects.effect("replaceIfMatch " + location, () -> super.replaceIfMatch(location, content, etag));
        }

        @Override
        public void put(Location location, byte[] content) {
            effects.effect("put " + location, () -> super.put(location, content));
        }

        @Override
        public void upload(Location location, InputStream content, long length) {
            effects.effect("upload " + location, () -> super.upload(location, content, length));
        }

        @Override
        public CopyResult copy(CopyRequest request) {
            return effects.effect("copy " + request.target(), () -> super.copy(request));
        }

        @Override
        public void delete(Location location) {
            effects.effect("delete " + location, () -> super.delete(location));
        }
    }

    /** lakeFS as steps see it: every change is an effect; submitted tasks are recorded for settling. */
    static final class CountingLakeFs extends ForwardingLakeFsClient {
        private final Trial trial;

        CountingLakeFs(LakeFsClient delegate, Trial trial) {
            super(delegate);
            this.trial = trial;
        }

        private <T> T effect(String what, Supplier<T> call) {
            return trial.effects.effect(what, call);
        }

        @Override
        public NamedRef createBranch(String repository, String branch, String source, boolean hidden) {
            return effect("createBranch " + branch, () -> super.createBranch(repository, branch, source, hidden));
        }

        @Override
        public void deleteBranch(String repository, String branch) {
            trial.effects.effect("deleteBranch " + branch, () -> super.deleteBranch(repository, branch));
        }

        @Override
        public CommitInfo commit(String repository, String branch, String message, Map<String, String> metadata) {
            return effect("commit " + branch, () -> super.commit(repository, branch, message, metadata));
        }

        @Override
        public String submitDump(String repository) {
            return effect("submitDump", () -> {
                String id = super.submitDump(repository);
                trial.tasks.add(new String[] {"dump", id, repository});
                return id;
            });
        }

        @Override
        public MetaRangeIds dumpRefsSync(String repository) {
            return effect("dumpRefsSync", () -> super.dumpRefsSync(repository));
        }

        @Override
        public String submitRestore(String repository, MetaRangeIds refs, boolean force) {
            return effect("submitRestore", () -> {
                String id = super.submitRestore(repository, refs, force);
                trial.tasks.add(new String[] {"restore", id, repository});
                return id;
            });
        }

        @Override
        public void restoreRefsSync(String repository, MetaRangeIds refs, boolean force) {
            trial.effects.effect("restoreRefsSync", () -> super.restoreRefsSync(repository, refs, force));
        }

        @Override
        public RepositoryInfo createBareRepository(String name, String storageNamespace, String defaultBranch,
                                                   String storageId, boolean readOnly) {
            return effect("createBareRepository", () -> super.createBareRepository(name, storageNamespace,
                    defaultBranch, storageId, readOnly));
        }

        @Override
        public void deleteRepository(String repository, boolean force) {
            trial.effects.effect("deleteRepository", () -> super.deleteRepository(repository, force));
        }

        @Override
        public void setBranchProtectionRules(String repository, List<String> patterns) {
            trial.effects.effect("setBranchProtectionRules", () -> super.setBranchProtectionRules(repository,
                    patterns));
        }

        @Override
        public void setRepositoryMetadata(String repository, Map<String, String> metadata) {
            trial.effects.effect("setRepositoryMetadata", () -> super.setRepositoryMetadata(repository, metadata));
        }
    }
}
