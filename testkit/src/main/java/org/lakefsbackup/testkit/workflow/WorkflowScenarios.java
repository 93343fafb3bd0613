package org.lakefsbackup.testkit.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lakefsbackup.core.config.Env;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.testkit.lakefs.SampleRepository;
import org.lakefsbackup.core.trigger.EventMarks;
import org.lakefsbackup.core.trigger.LakeFsEvent;
import org.lakefsbackup.testkit.lakefs.TaskHook;

/**
 * The scenario table every workflow host must pass with the same outcomes: the CLI's in-process runner and the Step
 * Functions definitions (and, with the Azure host, the Durable orchestrations). A host subclass says how to run a
 * workflow ({@link #host}); the scenarios say what must come of it: a lost dump task submitted again, refs that moved
 * while dumping, a stale task submitted again, small plan and verify budgets, a failing chunk, a crash after any step,
 * the run id taken from the execution, a lost restore task, prune-all with a retention policy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class WorkflowScenarios {
    protected ScenarioFixture f;
    protected WorkflowHost host;

    /** The host under test, running against the fixture. */
    protected abstract WorkflowHost host(ScenarioFixture fixture) throws Exception;

    @BeforeAll
    void startHost() throws Exception {
        f = new ScenarioFixture();
        host = host(f);
    }

    @AfterAll
    void stopHost() {
        if (host != null) {
            host.close();
        }
        f.close();
    }

    @BeforeEach
    void reset() {
        host.environment(Map.of());
        f.lakefs.setTaskHook(TaskHook.NONE);
        f.store.failCopies(key -> false);
        f.store.truncateReads(key -> false);
    }

    private static int repositories;

    /** A fresh sample repository with a name of its own. */
    protected SampleRepository.Created sample(String prefix) {
        String name = prefix + "-" + (++repositories);
        return f.sample().create(name, "s3://source/" + name);
    }

    protected WorkflowHost.Execution backup(String execution, String repository) {
        return host.run("backup", execution, Map.of("repository", repository, "backup", ScenarioFixture.BACKUP));
    }

    protected WorkflowHost.Execution restore(String execution, String repository, String target) {
        return host.run("restore", execution, Map.of("repository", repository, "backup", ScenarioFixture.BACKUP,
                "target_repository", target, "target_namespace", "s3://target/" + target));
    }

    /** Committed generations of a repository in the scenario backup location. */
    protected List<String> generations(String repository) {
        Location root = new BackupLayout(Location.parse(ScenarioFixture.BACKUP), repository).generations();
        try (Stream<ObjectInfo> objects = f.storage.storeFor(root).list(root, null)) {
            return objects.map(ObjectInfo::key).filter(k -> k.endsWith("/manifest.json"))
                    .map(k -> k.substring(0, k.indexOf('/'))).sorted().toList();
        }
    }

    /** What a run left in its repository's scratch (the lease included). */
    protected List<String> scratch(String repository) {
        Location runs = new BackupLayout(Location.parse(ScenarioFixture.BACKUP), repository).runs();
        try (Stream<ObjectInfo> objects = f.storage.storeFor(runs).list(runs, null)) {
            return objects.map(ObjectInfo::key).toList();
        }
    }

    /** Where the scenarios' drills put their temporary namespaces. */
    protected static final String DRILLS = "s3://target/drills";

    protected WorkflowHost.Execution drill(String execution, String repository) {
        return host.run("drill", execution, Map.of("repository", repository, "backup", ScenarioFixture.BACKUP,
                "namespace_prefix", DRILLS));
    }

    /** The keys under a location of the scenario stores. */
    protected List<String> keys(String location) {
        Location l = Location.parse(location);
        try (Stream<ObjectInfo> objects = f.storage.storeFor(l).list(l, null)) {
            return objects.map(ObjectInfo::key).toList();
        }
    }

    /** The restored repository has the source's heads (hidden branches too, and hidden), tags and contents. */
    protected void assertRestored(SampleRepository.Created source, String target) throws Exception {
        assertThat(f.heads(target)).isEqualTo(f.heads(source.name()));
        assertThat(f.tags(target)).isEqualTo(f.tags(source.name()));
        assertThat(f.visibleBranches(target)).doesNotContainAnyElementsOf(source.hiddenBranches());
        for (var e : source.mainObjects().entrySet()) {
            assertThat(f.sample().read(target, "main", e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Test
    void aBackupAndARestoreReproduceTheRepositoryAndLeaveNoScratch() throws Exception {
        SampleRepository.Created src = sample("round");
        WorkflowHost.Execution backup = backup("round-backup-" + repositories, src.name());
        assertThat(backup.succeeded()).as(String.valueOf(backup)).isTrue();
        assertThat(backup.output().get("repository").asText()).isEqualTo(src.name());
        assertThat(backup.output().get("copied_objects").asLong()).isEqualTo(backup.output().get("objects").asLong())
                .isPositive();
        assertThat(generations(src.name())).containsExactly(backup.output().get("generation").asText());
        assertThat(scratch(src.name())).as("scratch and lease are gone").isEmpty();
        String generationDir = ScenarioFixture.BACKUP + "/" + src.name() + "/generations/"
                + backup.output().get("generation").asText();
        assertThat(backup.output().get("report").asText()).isEqualTo(generationDir + "/report.json");
        assertThat(keys(generationDir)).as("the run's report beside the manifest, on every host")
                .contains("manifest.json", "report.json", "report.md");
        var report = org.lakefsbackup.core.model.Json.read(f.storage.storeFor(Location.parse(generationDir))
                .get(Location.parse(generationDir + "/report.json")).orElseThrow(),
                org.lakefsbackup.core.report.BackupReport.class, org.lakefsbackup.core.error.ErrorCode.INTERNAL, "report");
        assertThat(report.objects().copiedObjects()).isEqualTo(backup.output().get("copied_objects").asLong());
        assertThat(report.phases()).extracting(org.lakefsbackup.core.report.BackupReport.Phase::name)
                .containsExactly("prepare", "dump", "plan", "copy", "verify", "commit");

        String target = src.name() + "-copy";
        WorkflowHost.Execution restore = restore("round-restore-" + repositories, src.name(), target);
        assertThat(restore.succeeded()).as(String.valueOf(restore)).isTrue();
        assertThat(restore.output().get("generation").asText()).isEqualTo(backup.output().get("generation").asText());
        assertRestored(src, target);
        assertThat(scratch(src.name())).isEmpty();
        assertThat(scratch(target)).as("the target's lease is released").isEmpty();
    }

    @Test
    void aLostDumpTaskIsSubmittedAgain() {
        SampleRepository.Created src = sample("lost-dump");
        f.lakefs.setTaskHook((kind, repo, n) -> kind.equals("dump") && n == 1 ? TaskHook.Plan.LOSE : TaskHook.Plan.RUN);
        WorkflowHost.Execution backup = backup("lost-dump-" + repositories, src.name());
        assertThat(backup.succeeded()).as(String.valueOf(backup)).isTrue();
        assertThat(backup.invocations("submit-dump")).isEqualTo(2);
        assertThat(generations(src.name())).hasSize(1);
    }

    @Test
    void aLakeFsEventDuringABackupStartsOneFollowUpRunInTheSameExecution() {
        SampleRepository.Created src = sample("events");
        // a webhook accepts an event while the run holds the lease (here: while its dump runs): it leaves a mark
        f.lakefs.setTaskHook((kind, repo, n) -> kind.equals("dump") && n == 1 ? TaskHook.Plan.runAfter(() -> {
            for (int i = 0; i < 3; i++) {
                new EventMarks(f.storage).mark(Location.parse(ScenarioFixture.BACKUP), new LakeFsEvent("post-commit",
                        "", "backup", "backup", repo, "main", "", "c" + i, "r" + i), java.time.Instant.now());
            }
        }) : TaskHook.Plan.RUN);
        WorkflowHost.Execution backup = backup("events-" + repositories, src.name());
        assertThat(backup.succeeded()).as(String.valueOf(backup)).isTrue();
        assertThat(backup.invocations("prepare-backup")).as("the run and one follow-up for three events").isEqualTo(2);
        assertThat(backup.invocations("claim-events")).as("at the start, after the run, after the follow-up")
                .isEqualTo(3);
        // the simulated events changed nothing in the repository: the follow-up finds it unchanged and marks the
        // first run's generation still current instead of writing a second one
        assertThat(generations(src.name())).containsExactly(backup.output().get("generation").asText());
        assertThat(backup.output().get("unchanged").asBoolean()).isTrue();
        assertThat(backup.invocations("check-unchanged")).isEqualTo(1);
        assertThat(scratch(src.name())).as("marks consumed, lease released").isEmpty();
    }

    @Test
    void aStaleDumpTaskIsSubmittedAgain() {
        SampleRepository.Created src = sample("stale-dump");
        host.environment(Map.of(Env.TASK_TIMEOUT, "1"));
        f.lakefs.setTaskHook((kind, repo, n) -> kind.equals("dump") && n == 1 ? TaskHook.Plan.STALL
                : TaskHook.Plan.RUN);
        WorkflowHost.Execution backup = backup("stale-dump-" + repositories, src.name());
        assertThat(backup.succeeded()).as(String.valueOf(backup)).isTrue();
        assertThat(backup.invocations("submit-dump")).isEqualTo(2);
    }

    @Test
    void aDumpWhileRefsMovedIsDumpedAgainAndRecordsTheNewHeads() throws Exception {
        SampleRepository.Created src = sample("moving");
        SampleRepository writer = f.sample();
        f.lakefs.setTaskHook((kind, repo, n) -> kind.equals("dump") && n == 1 ? TaskHook.Plan.runAfter(() -> {
            try {
                writer.upload(src.name(), "dev", Map.of("moved/while-dumping.txt", "x"));
                writer.commit(src.name(), "dev", "moved while the dump ran");
            } catch (io.lakefs.clients.sdk.ApiException e) {
                throw new IllegalStateException(e);
            }
        }) : TaskHook.Plan.RUN);
        WorkflowHost.Execution backup = backup("moving-" + repositories, src.name());
        assertThat(backup.succeeded()).as(String.valueOf(backup)).isTrue();
        assertThat(backup.invocations("submit-dump")).isEqualTo(2);
        String target = src.name() + "-copy";
        assertThat(restore("moving-restore-" + repositories, src.name(), target).succeeded()).isTrue();
        assertThat(f.heads(target).get("dev")).as("the head after the move").isEqualTo(f.heads(src.name()).get("dev"))
                .isNotEqualTo(src.branches().get("dev"));
    }

    @Test
    void smallPlanAndVerifyBudgetsLoopAndGiveTheSameResult() throws Exception {
        SampleRepository.Created src = sample("budget");
        host.environment(Map.of(Env.PLAN_BATCH_OBJECTS, "2", Env.VERIFY_BATCH_OBJECTS, "3", Env.CHUNK_SIZE, "3"));
        WorkflowHost.Execution backup = backup("budget-" + repositories, src.name());
        assertThat(backup.succeeded()).as(String.valueOf(backup)).isTrue();
        long objects = backup.output().get("objects").asLong();
        assertThat(objects).isGreaterThan(4);
        assertThat(backup.invocations("plan-backup")).as("one plan invocation per 2 objects")
                .isEqualTo((int) Math.ceil(objects / 2.0));
        assertThat(backup.invocations("verify-backup")).as("one verify invocation per 3 objects")
                .isEqualTo((int) Math.ceil(objects / 3.0));
        assertThat(backup.invocations("copy-chunk")).as("chunks of at most 3 objects")
                .isGreaterThanOrEqualTo((int) Math.ceil(objects / 3.0));
        assertThat(backup.output().get("copied_objects").asLong()).isEqualTo(objects);
        String target = src.name() + "-copy";
        WorkflowHost.Execution restore = restore("budget-restore-" + repositories, src.name(), target);
        assertThat(restore.succeeded()).as(String.valueOf(restore)).isTrue();
        assertThat(restore.invocations("plan-restore")).isGreaterThan(1);
        assertRestored(src, target);
    }

    @Test
    void aChunkThatCannotBeCopiedFailsTheBackupCommitsNothingAndReleasesTheLease() {
        SampleRepository.Created src = sample("failing-chunk");
        String broken = firstDataObject(src);
        f.store.failCopies(key -> key.endsWith("/" + broken));
        WorkflowHost.Execution backup = backup("failing-chunk-" + repositories, src.name());
        assertThat(backup.succeeded()).isFalse();
        assertThat(backup.errorType()).isEqualTo("org.lakefsbackup.core.error.CopyIncompleteException");
        assertThat(generations(src.name())).isEmpty();
        assertThat(scratch(src.name())).as("abandoned: scratch removed, lease released").isEmpty();

        f.store.failCopies(key -> false);
        WorkflowHost.Execution again = backup("failing-chunk-again-" + repositories, src.name());
        assertThat(again.succeeded()).as("the next run takes the lease at once").isTrue();
    }

    @Test
    void anUnchangedRepositoryRecordsACurrentMark() throws Exception {
        SampleRepository.Created src = sample("unchanged");
        WorkflowHost.Execution first = backup("unchanged-first-" + repositories, src.name());
        assertThat(first.succeeded()).as(String.valueOf(first)).isTrue();
        String generation = first.output().get("generation").asText();

        host.environment(Map.of(Env.PLAN_BATCH_OBJECTS, "2"));
        host.crashAfter("check-unchanged");
        WorkflowHost.Execution again = backup("unchanged-again-" + repositories, src.name());
        assertThat(again.succeeded()).as(String.valueOf(again)).isTrue();
        assertThat(again.output().get("unchanged").asBoolean()).isTrue();
        assertThat(again.output().get("generation").asText()).isEqualTo(generation);
        assertThat(again.output().get("objects").asLong()).isEqualTo(first.output().get("objects").asLong());
        assertThat(again.output().get("copied_objects").asLong()).isZero();
        assertThat(again.invocations("check-unchanged")).as("the comparison resumes, 2 objects at a time")
                .isGreaterThan(2);
        for (String step : List.of("commit-uncommitted", "submit-dump", "plan-backup", "copy-chunk", "verify-backup",
                "commit-generation", "abandon-backup")) {
            assertThat(again.invocations(step)).as(step).isZero();
        }
        assertThat(generations(src.name())).as("no new generation").containsExactly(generation);
        String marks = ScenarioFixture.BACKUP + "/" + src.name() + "/generations/" + generation + "/current";
        assertThat(keys(marks)).as("one still-current mark, named after the run").hasSize(1).first()
                .matches(k -> again.output().get("mark").asText().endsWith("/current/" + k));
        assertThat(scratch(src.name())).as("scratch and lease are gone").isEmpty();

        String target = src.name() + "-copy";
        WorkflowHost.Execution restore = restore("unchanged-restore-" + repositories, src.name(), target);
        assertThat(restore.succeeded()).as(String.valueOf(restore)).isTrue();
        assertThat(restore.output().get("generation").asText()).as("latest is still the generation")
                .isEqualTo(generation);
        assertRestored(src, target);

        // lakeFS rewrote a mutable object in the namespace (as setting GC rules does) and left the refs alone
        Location rules = Location.parse(src.namespace()).resolve("_lakefs/retention/gc/rules/config.json");
        f.storage.storeFor(rules).put(rules, "{\"default_retention_days\":7}".getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        host.environment(Map.of());
        WorkflowHost.Execution changed = backup("unchanged-changed-" + repositories, src.name());
        assertThat(changed.succeeded()).as(String.valueOf(changed)).isTrue();
        assertThat(changed.output().path("unchanged").asBoolean()).isFalse();
        assertThat(changed.invocations("check-unchanged")).isEqualTo(1);
        assertThat(changed.invocations("commit-generation")).isEqualTo(1);
        assertThat(changed.output().get("copied_objects").asLong()).as("the new rules version, at least")
                .isPositive();
        assertThat(generations(src.name())).hasSize(2).last().isEqualTo(changed.output().get("generation")
                .asText());
        assertThat(scratch(src.name())).isEmpty();
    }

    /** The namespace key of the first object lakeFS stored for the sample (a data object). */
    private String firstDataObject(SampleRepository.Created src) {
        Location ns = Location.parse(src.namespace());
        try (Stream<ObjectInfo> objects = f.storage.storeFor(ns).list(ns, null)) {
            return objects.map(ObjectInfo::key).filter(k -> k.startsWith("data/")).findFirst().orElseThrow();
        }
    }

    static List<String> backupSteps() {
        return List.of("prepare-backup", "commit-uncommitted", "submit-dump", "poll-dump", "plan-backup", "copy-chunk",
                "verify-backup", "commit-generation");
    }

    @ParameterizedTest(name = "a crash after {0}")
    @MethodSource("backupSteps")
    void aBackupThatCrashesAfterAnyStepEndsWithOneCommittedGeneration(String step) {
        SampleRepository.Created src = sample("crash-b");
        host.crashAfter(step);
        String execution = "crash-backup-" + repositories;
        WorkflowHost.Execution backup = host.run("backup", execution, Map.of("repository", src.name(), "backup",
                ScenarioFixture.BACKUP, "commit_uncommitted", true));
        assertThat(backup.succeeded()).as(String.valueOf(backup)).isTrue();
        assertThat(generations(src.name())).as("one generation, named after the execution").hasSize(1)
                .first().isEqualTo(backup.output().get("generation").asText());
        assertThat(scratch(src.name())).isEmpty();
    }

    static List<String> restoreSteps() {
        return List.of("prepare-restore", "create-bare-repository", "plan-restore", "copy-chunk", "submit-restore",
                "poll-restore", "apply-settings", "verify-restore", "finish-restore");
    }

    @ParameterizedTest(name = "a crash after {0}")
    @MethodSource("restoreSteps")
    void aRestoreThatCrashesAfterAnyStepEndsVerified(String step) throws Exception {
        SampleRepository.Created src = sample("crash-r");
        assertThat(backup("crash-r-backup-" + repositories, src.name()).succeeded()).isTrue();
        host.crashAfter(step);
        String target = src.name() + "-copy";
        WorkflowHost.Execution restore = restore("crash-r-restore-" + repositories, src.name(), target);
        assertThat(restore.succeeded()).as(String.valueOf(restore)).isTrue();
        assertRestored(src, target);
        assertThat(scratch(target)).isEmpty();
    }

    @Test
    void theRunIdIsTheExecutionsSoARetriedPrepareMakesTheSameGeneration() {
        SampleRepository.Created src = sample("run-id");
        host.crashAfter("prepare-backup");
        String execution = "nightly-" + src.name();
        WorkflowHost.Execution backup = backup(execution, src.name());
        assertThat(backup.succeeded()).as(String.valueOf(backup)).isTrue();
        String generation = backup.output().get("generation").asText();
        assertThat(generations(src.name())).containsExactly(generation);
        java.time.Instant started = java.time.LocalDateTime.parse(generation.substring(0, 18),
                java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS")).toInstant(java.time.ZoneOffset.UTC);
        assertThat(GenerationId.forRun(execution, started).value()).as("derived from the execution's name")
                .isEqualTo(generation);
    }

    @Test
    void aLostRestoreTaskMakesTheRunResetItsTargetAndSubmitAgain() throws Exception {
        SampleRepository.Created src = sample("lost-restore");
        assertThat(backup("lost-restore-backup-" + repositories, src.name()).succeeded()).isTrue();
        f.lakefs.setTaskHook((kind, repo, n) -> kind.equals("restore") && n == 1 ? TaskHook.Plan.LOSE
                : TaskHook.Plan.RUN);
        String target = src.name() + "-copy";
        WorkflowHost.Execution restore = restore("lost-restore-" + repositories, src.name(), target);
        assertThat(restore.succeeded()).as(String.valueOf(restore)).isTrue();
        assertThat(restore.invocations("reset-restore-target")).isEqualTo(1);
        assertThat(restore.invocations("submit-restore")).isEqualTo(2);
        assertRestored(src, target);
    }

    @Test
    void aDrillRestoresVerifiesRemovesWhatItCopiedAndRecordsTheResultBesideTheGeneration() {
        SampleRepository.Created src = sample("drill");
        WorkflowHost.Execution backup = backup("drill-backup-" + repositories, src.name());
        assertThat(backup.succeeded()).as(String.valueOf(backup)).isTrue();
        String generation = backup.output().get("generation").asText();

        WorkflowHost.Execution drill = drill("drill-" + repositories, src.name());
        assertThat(drill.succeeded()).as(String.valueOf(drill)).isTrue();
        var record = drill.output();
        assertThat(record.get("ok").asBoolean()).isTrue();
        assertThat(record.get("generation").asText()).isEqualTo(generation);
        assertThat(record.at("/restored/branches").asInt()).isEqualTo(f.heads(src.name()).size());
        assertThat(record.at("/restored/commits").asLong()).isEqualTo(backup.output().get("commits").asLong());
        assertThat(record.at("/check/sampled").asInt()).isPositive();
        assertThat(record.at("/check/mismatched").asInt()).isZero();
        assertThat(record.at("/cleanup/repositories_deleted").asInt()).isEqualTo(1);
        assertThat(record.at("/cleanup/objects_deleted").asLong()).isGreaterThanOrEqualTo(
                backup.output().get("objects").asLong());
        assertThat(record.at("/cleanup/objects_left").asLong()).isZero();

        String name = record.get("drill").asText();
        assertThat(f.repositoryExists(name)).as("the temporary repository is gone").isFalse();
        assertThat(keys(DRILLS)).as("the temporary namespace is empty").isEmpty();
        assertThat(f.repositoryExists(src.name())).as("the source is untouched").isTrue();
        assertThat(scratch(src.name())).as("the restore's scratch is gone").isEmpty();
        assertThat(scratch(name)).as("the drill's lease is released").isEmpty();
        String drills = ScenarioFixture.BACKUP + "/" + src.name() + "/generations/" + generation + "/drills";
        assertThat(keys(drills)).as("the record and its Markdown, beside the generation").hasSize(2)
                .allMatch(k -> k.endsWith("-" + name + ".json") || k.endsWith("-" + name + ".md"));
    }

    @Test
    void aDrillThatReadsADamagedObjectBackFailsRecordsWhyAndStillRemovesWhatItCopied() {
        SampleRepository.Created src = sample("drill-bad");
        WorkflowHost.Execution backup = backup("drill-bad-backup-" + repositories, src.name());
        assertThat(backup.succeeded()).as(String.valueOf(backup)).isTrue();
        String generation = backup.output().get("generation").asText();
        f.store.truncateReads(key -> key.startsWith("drills/") && key.contains("/data/"));

        WorkflowHost.Execution drill = drill("drill-bad-" + repositories, src.name());
        assertThat(drill.succeeded()).isFalse();
        assertThat(drill.errorType()).isEqualTo("org.lakefsbackup.core.error.VerificationFailedException");
        assertThat(f.repositoryExists(DrillRequestNames.of(src.name()))).isFalse();
        assertThat(keys(DRILLS)).as("what the drill copied is removed all the same").isEmpty();
        String drills = ScenarioFixture.BACKUP + "/" + src.name() + "/generations/" + generation + "/drills";
        List<String> records = keys(drills).stream().filter(k -> k.endsWith(".json")).toList();
        assertThat(records).hasSize(1);
        var record = org.lakefsbackup.core.model.Json.read(f.storage.storeFor(Location.parse(drills)).get(
                Location.parse(drills + "/" + records.get(0))).orElseThrow(),
                org.lakefsbackup.core.step.DrillRecord.class, org.lakefsbackup.core.error.ErrorCode.INTERNAL, "record");
        assertThat(record.ok()).isFalse();
        assertThat(record.error().code()).isEqualTo("VERIFICATION_FAILED");
        assertThat(record.error().part()).isEqualTo("check");
        assertThat(record.check().mismatched()).isPositive();
        assertThat(scratch(DrillRequestNames.of(src.name()))).as("the lease is released").isEmpty();
    }

    /** The drill name the workflows give a repository's drills. */
    private static final class DrillRequestNames {
        static String of(String repository) {
            return org.lakefsbackup.core.step.DrillRequest.defaultName(repository);
        }
    }

    protected WorkflowHost.Execution rollingVerify(String execution, String repository, int subsets) {
        return host.run("rolling-verify", execution, Map.of("backup", ScenarioFixture.BACKUP, "repositories",
                List.of(repository), "subsets", subsets));
    }

    /** What rolling verification recorded of a generation ({@code checks.json}). */
    protected org.lakefsbackup.core.step.ReadCoverage coverage(String repository, String generation) {
        return org.lakefsbackup.core.step.ReadCoverage.load(f.storage, new BackupLayout(Location.parse(
                ScenarioFixture.BACKUP), repository), new GenerationId(generation));
    }

    @Test
    void rollingVerificationReadsEveryObjectOnceInTRunsAndFailsTheRunsThatReadACorruptedObjectUntilItIsRepaired() {
        SampleRepository.Created src = sample("rolling");
        WorkflowHost.Execution backup = backup("rolling-backup-" + repositories, src.name());
        assertThat(backup.succeeded()).as(String.valueOf(backup)).isTrue();
        String generation = backup.output().get("generation").asText();
        long objects = backup.output().get("objects").asLong();
        int t = 3;
        host.environment(Map.of(Env.VERIFY_BATCH_OBJECTS, "4"));

        long read = 0;
        for (int n = 1; n <= t; n++) {
            WorkflowHost.Execution run = rollingVerify("rolling-" + repositories + "-" + n, src.name(), t);
            assertThat(run.succeeded()).as(String.valueOf(run)).isTrue();
            var entry = run.output().get("entries").get(0);
            assertThat(entry.get("generation").asText()).isEqualTo(generation);
            assertThat(entry.get("subset").asText()).as("the next subset each run").isEqualTo(n + "/" + t);
            assertThat(entry.get("checked").asLong()).as("every object checked by listing").isEqualTo(objects);
            assertThat(run.invocations("read-data-subset")).as("resumable: 4 inventory entries per invocation")
                    .isEqualTo((int) Math.ceil(objects / 4.0));
            read += entry.get("read").asLong();
            if (n < t) {
                assertThat(coverage(src.name(), generation).lastFullPass()).as("after run %d", n).isNull();
                assertThat(entry.get("pass_read")).as("the output says what checks.json records").hasSize(n);
            } else {
                assertThat(coverage(src.name(), generation).lastFullPass()).as("all %d subsets read", t).isNotNull();
                assertThat(entry.get("last_full_pass").asText()).isEqualTo(coverage(src.name(), generation)
                        .lastFullPass().toString());
                assertThat(entry.path("pass_read")).as("a new pass starts").isEmpty();
            }
        }
        assertThat(read).as("t runs read every object back exactly once").isEqualTo(objects);
        assertThat(coverage(src.name(), generation).read(t)).as("a new pass starts").isEmpty();

        // an object rots at rest: same size and ETag, so only reading it back finds it
        String victim = firstDataObject(src);
        int victimSubset = java.util.stream.IntStream.rangeClosed(1, t).filter(n -> new org.lakefsbackup.core.step
                .DataSubset(n, t).contains(victim)).findFirst().orElseThrow();
        f.store.truncateReads(key -> key.endsWith(src.name() + "/objects/" + victim));
        for (int n = 1; n <= victimSubset; n++) {
            WorkflowHost.Execution run = rollingVerify("rolling-rot-" + repositories + "-" + n, src.name(), t);
            if (n < victimSubset) {
                assertThat(run.succeeded()).as(String.valueOf(run)).isTrue();
            } else {
                assertThat(run.succeeded()).as("the run that reads subset %d/%d", n, t).isFalse();
                assertThat(run.errorType()).isEqualTo("org.lakefsbackup.core.error.VerificationFailedException");
            }
        }
        assertThat(coverage(src.name(), generation).lastRead(t)).as("the failed read is not recorded")
                .isEqualTo(victimSubset - 1 == 0 ? t : victimSubset - 1);
        WorkflowHost.Execution again = rollingVerify("rolling-rot-again-" + repositories, src.name(), t);
        assertThat(again.succeeded()).as("the failed subset is read again until it passes").isFalse();

        f.store.truncateReads(key -> false); // repaired
        WorkflowHost.Execution repaired = rollingVerify("rolling-repaired-" + repositories, src.name(), t);
        assertThat(repaired.succeeded()).as(String.valueOf(repaired)).isTrue();
        assertThat(repaired.output().at("/entries/0/subset").asText()).isEqualTo(victimSubset + "/" + t);
        assertThat(coverage(src.name(), generation).lastRead(t)).isEqualTo(victimSubset);
        assertThat(scratch(src.name())).as("no lease, no scratch").isEmpty();
    }

    @Test
    void backupAllBacksUpEveryNamedRepository() {
        List<String> names = Stream.of(sample("all"), sample("all"), sample("all")).map(SampleRepository.Created::name)
                .toList();
        Map<String, Object> input = new HashMap<>();
        input.put("repositories", names);
        input.put("backup", ScenarioFixture.BACKUP);
        WorkflowHost.Execution all = host.run("backup-all", "backup-all-" + repositories, input);
        assertThat(all.succeeded()).as(String.valueOf(all)).isTrue();
        Map<String, String> written = new HashMap<>();
        for (String name : names) {
            assertThat(generations(name)).as(name).hasSize(1);
            written.put(name, generations(name).get(0));
        }
        assertThat(backupAllEntries(all)).as("every host reports each repository's generation alike")
                .containsExactlyInAnyOrderEntriesOf(names.stream().collect(Collectors.toMap(n -> n,
                        n -> written.get(n) + " unchanged=false")));

        // nothing changed: the second run marks each repository's generation still current, and says so per entry
        WorkflowHost.Execution again = host.run("backup-all", "backup-all-again-" + repositories, input);
        assertThat(again.succeeded()).as(String.valueOf(again)).isTrue();
        assertThat(backupAllEntries(again)).containsExactlyInAnyOrderEntriesOf(names.stream().collect(
                Collectors.toMap(n -> n, n -> written.get(n) + " unchanged=true")));
        for (String name : names) {
            assertThat(generations(name)).as(name).containsExactly(written.get(name));
        }
    }

    /** A backup-all output's entries as repository -> "generation unchanged=flag" (the paths every host shares). */
    private static Map<String, String> backupAllEntries(WorkflowHost.Execution all) {
        Map<String, String> entries = new HashMap<>();
        for (JsonNode e : all.output().path("repositories")) {
            entries.put(e.path("repository").asText(), e.path("generation").path("generation").asText()
                    + " unchanged=" + e.path("generation").path("unchanged").asBoolean());
        }
        return entries;
    }

    @Test
    void pruneAllRunsAPruneThatForgetsAndRemovesWhatThePolicyNoLongerKeeps() {
        List<String> names = List.of(sample("prune").name()); // one repository: each backup costs seconds
        Map<String, List<String>> made = new HashMap<>();
        for (String name : names) {
            for (int i = 0; i < 2; i++) {
                // the repository is unchanged: the second backup asks for a new generation all the same
                WorkflowHost.Execution b = host.run("backup", "prune-backup-" + i + "-" + name, Map.of("repository",
                        name, "backup", ScenarioFixture.BACKUP, "force_new_generation", i > 0));
                assertThat(b.succeeded()).as(String.valueOf(b)).isTrue();
            }
            made.put(name, generations(name));
            assertThat(made.get(name)).hasSize(2);
        }
        Map<String, Object> input = new HashMap<>();
        input.put("repositories", names);
        input.put("backup", ScenarioFixture.BACKUP);
        input.put("policy", Map.of("keep_last", 1));
        input.put("prune", true);
        WorkflowHost.Execution all = host.run("prune-all", "prune-all-" + repositories, input);
        assertThat(all.succeeded()).as(String.valueOf(all)).isTrue();
        // every host reports each repository's prune at the same paths: one generation forgotten and removed
        assertThat(all.output().path("repositories")).hasSize(names.size());
        for (JsonNode e : all.output().path("repositories")) {
            assertThat(e.path("repository").asText()).isIn(names);
            assertThat(e.path("result").path("forgotten")).as(String.valueOf(e)).hasSize(1);
            assertThat(e.path("result").path("deleted").asLong()).as(String.valueOf(e)).isNotNegative();
        }
        assertThat(all.output().path("skipped").isArray()).as(String.valueOf(all.output())).isTrue();
        for (String name : names) {
            assertThat(generations(name)).as(name).containsExactly(made.get(name).get(1));
            Location old = new BackupLayout(Location.parse(ScenarioFixture.BACKUP), name)
                    .generation(new GenerationId(made.get(name).get(0)));
            try (Stream<ObjectInfo> left = f.storage.storeFor(old).list(old, null)) {
                assertThat(left).as("the forgotten generation's files are removed").isEmpty();
            }
            assertThat(scratch(name)).as("scratch and lease are gone").isEmpty();
        }
    }
}
