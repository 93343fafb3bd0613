package org.lakefsbackup.core.step;

import static org.lakefsbackup.core.step.StepDefinition.Access.LAKEFS;
import static org.lakefsbackup.core.step.StepDefinition.Access.STORES;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.lakefsbackup.core.copy.CopyPlan;
import org.lakefsbackup.core.copy.CopySummary;
import org.lakefsbackup.core.copy.PlanProgress;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.retry.RetryPolicy;

/**
 * Every step the workflows run, once: the CLI's in-process runner, the AWS Lambda functions and the Azure
 * activities all run these rows and nothing else. A step is found by its name ({@link #find}); workflow definitions
 * name steps by these constants, and the tests check that every name a definition uses is here.
 */
public final class StepCatalog {
    private StepCatalog() {
    }

    private static final Map<String, StepDefinition<?, ?>> STEPS = new LinkedHashMap<>();

    /**
     * Steps that check the lease themselves: clean-ups after a failure (they run even when the lease was lost, and then
     * touch only what is theirs) and the last steps, which release it and, run again after that, return their result.
     */
    private static final java.util.Set<String> NO_LEASE_CHECK = java.util.Set.of("abandon-backup", "cleanup-restore",
            "commit-generation", "finish-restore", "finish-prune", "abandon-prune", "check-unchanged");

    private static <I, O> StepDefinition<I, O> step(String name, Class<I> in, Class<O> out, StepDefinition.Access access,
                                                    boolean deletes, StepDefinition.Body<I, O> body,
                                                    Function<O, List<StepMetric>> metrics) {
        return step(name, in, out, access, deletes, false, body, metrics);
    }

    private static <I, O> StepDefinition<I, O> step(String name, Class<I> in, Class<O> out, StepDefinition.Access access,
                                                    boolean deletes, boolean deletesBackups,
                                                    StepDefinition.Body<I, O> body,
                                                    Function<O, List<StepMetric>> metrics) {
        boolean needsLease = RunScoped.class.isAssignableFrom(in) && !NO_LEASE_CHECK.contains(name);
        StepDefinition<I, O> def = new StepDefinition<>(name, in, out, access, deletes, deletesBackups, needsLease,
                RetryPolicy.STEP, body, metrics);
        if (STEPS.put(name, def) != null) {
            throw new IllegalStateException("two steps named " + name);
        }
        return def;
    }

    /**
     * Whether a step deletes anything besides run scratch and leases: prune's deletes of unreferenced objects and of
     * forgotten generations ({@link StepDefinition#deletesBackups()}), and a drill's clean-up of its temporary
     * namespace. Hosts run only these steps with the permission to delete there (on AWS a role per function, on
     * Azure the maintenance identity).
     */
    public static boolean deletesBeyondScratch(StepDefinition<?, ?> step) {
        return step.deletesBackups() || step.name().equals("cleanup-drill");
    }

    private static BackupSteps backup(StepServices s) {
        return new BackupSteps(s);
    }

    private static RestoreSteps restore(StepServices s) {
        return new RestoreSteps(s);
    }

    private static PruneSteps prune(StepServices s) {
        return new PruneSteps(s);
    }

    private static DrillSteps drill(StepServices s) {
        return new DrillSteps(s);
    }

    // --- backup ---

    /**
     * Takes the repository's lease for a run and consumes the pending lakeFS event marks it will cover (at the start
     * of a backup, and after one to decide on a follow-up run): {@link org.lakefsbackup.core.trigger.EventMarks}.
     */
    public static final StepDefinition<EventClaimRequest, EventClaim> CLAIM_EVENTS = step("claim-events",
            EventClaimRequest.class, EventClaim.class, STORES, true,
            (s, in, p) -> new org.lakefsbackup.core.trigger.EventMarks(s.storage()).claim(s.leases(), in),
            o -> List.of(StepMetric.count("EventsClaimed", o.run() ? o.events() : 0)));

    /** Takes the repository's lease and records what the run will back up. */
    public static final StepDefinition<BackupRequest, BackupRun> PREPARE_BACKUP = step("prepare-backup",
            BackupRequest.class, BackupRun.class, LAKEFS, true, (s, in, p) -> backup(s).prepare(in), null);

    /**
     * Compares the namespace with the previous generation's inventory (resumable); when equal, marks that generation
     * still current, removes the scratch and releases the lease (it checks the lease itself before that).
     */
    public static final StepDefinition<UnchangedCheckRequest, UnchangedCheck> CHECK_UNCHANGED = step(
            "check-unchanged", UnchangedCheckRequest.class, UnchangedCheck.class, STORES, true,
            (s, in, p) -> backup(s).checkUnchanged(in), o -> o.unchanged()
                    ? List.of(StepMetric.count("ObjectsCompared", o.compared()), StepMetric.count("BackupsUnchanged", 1))
                    : List.of(StepMetric.count("ObjectsCompared", o.compared())));

    /** Commits the branches with uncommitted changes, when asked. */
    public static final StepDefinition<BackupRun, BackupRun> COMMIT_UNCOMMITTED = step("commit-uncommitted",
            BackupRun.class, BackupRun.class, LAKEFS, false, (s, in, p) -> backup(s).commitUncommitted(in), null);

    /** Records the refs and submits the dump. */
    public static final StepDefinition<DumpRequest, TaskRef> SUBMIT_DUMP = step("submit-dump", DumpRequest.class,
            TaskRef.class, LAKEFS, false, (s, in, p) -> backup(s).submitDump(in), null);

    /** Polls the dump once. */
    public static final StepDefinition<TaskRef, TaskPoll> POLL_DUMP = step("poll-dump", TaskRef.class, TaskPoll.class,
            LAKEFS, false, (s, in, p) -> backup(s).pollDump(in), null);

    /** Plans (part of) the copy into the backup and writes the inventory. */
    public static final StepDefinition<PlanRequest, PlanProgress> PLAN_BACKUP = step("plan-backup", PlanRequest.class,
            PlanProgress.class, STORES, false, (s, in, p) -> backup(s).plan(in), StepCatalog::planMetrics);

    /** Copies one chunk of a backup or restore plan. */
    public static final StepDefinition<CopyChunkRequest, CopySummary> COPY_CHUNK = step("copy-chunk",
            CopyChunkRequest.class, CopySummary.class, STORES, false, (s, in, p) -> backup(s).copyChunk(in, p),
            o -> List.of(StepMetric.count("ObjectsCopied", o.copied()), StepMetric.bytes("BytesCopied", o.bytesCopied()),
                    StepMetric.count("ObjectsFailed", o.failed()), StepMetric.count("CopyRetries", o.retries())));

    /** Verifies (part of) the backup against the inventory. */
    public static final StepDefinition<VerifyRequest, VerifyProgress> VERIFY_BACKUP = step("verify-backup",
            VerifyRequest.class, VerifyProgress.class, STORES, false, (s, in, p) -> backup(s).verify(in),
            o -> List.of(StepMetric.count("ObjectsVerified", o.checkpoint().checked())));

    /** Writes the manifest, removes the scratch and releases the lease. */
    public static final StepDefinition<CommitRequest, GenerationResult> COMMIT_GENERATION = step("commit-generation",
            CommitRequest.class, GenerationResult.class, LAKEFS, true, (s, in, p) -> backup(s).commitGeneration(in),
            o -> List.of(StepMetric.count("GenerationObjects", o.objects()), StepMetric.bytes("GenerationBytes",
                    o.bytes()), StepMetric.count("BackupsCommitted", 1)));

    /** After a failed backup: removes the scratch and releases the lease. */
    public static final StepDefinition<RunRef, Abandoned> ABANDON_BACKUP = step("abandon-backup", RunRef.class,
            Abandoned.class, STORES, true, (s, in, p) -> backup(s).abandon(in), o -> List.of(
                    StepMetric.count("BackupsFailed", 1)));

    /** Selects the repositories of a backup-all run. */
    public static final StepDefinition<BackupAllRequest, BackupAllPlan> LIST_REPOSITORIES = step("list-repositories",
            BackupAllRequest.class, BackupAllPlan.class, LAKEFS, false,
            (s, in, p) -> RepositorySelection.plan(s.lakefs(), in), null);

    // --- restore ---

    /** Takes the target's lease and checks the target; resumes an unfinished run of the same restore. */
    public static final StepDefinition<RestoreRequest, RestoreRun> PREPARE_RESTORE = step("prepare-restore",
            RestoreRequest.class, RestoreRun.class, LAKEFS, true, (s, in, p) -> restore(s).prepare(in), null);

    /** Creates the bare target repository. */
    public static final StepDefinition<RestoreRun, RestoreRun> CREATE_BARE_REPOSITORY = step("create-bare-repository",
            RestoreRun.class, RestoreRun.class, LAKEFS, false, (s, in, p) -> restore(s).createBareRepository(in), null);

    /** Plans (part of) the copy into the target namespace. */
    public static final StepDefinition<RestorePlanRequest, PlanProgress> PLAN_RESTORE = step("plan-restore",
            RestorePlanRequest.class, PlanProgress.class, STORES, false, (s, in, p) -> restore(s).plan(in),
            StepCatalog::planMetrics);

    /** Submits the refs restore (unless it was submitted or is done). */
    public static final StepDefinition<RestoreRun, RestoreTask> SUBMIT_RESTORE = step("submit-restore",
            RestoreRun.class, RestoreTask.class, LAKEFS, false, (s, in, p) -> restore(s).submitRestore(in), null);

    /** Polls the refs restore once. */
    public static final StepDefinition<RestoreTask, RestorePoll> POLL_RESTORE = step("poll-restore",
            RestoreTask.class, RestorePoll.class, LAKEFS, false, (s, in, p) -> restore(s).pollRestore(in), null);

    /** Resets a target this run created after its refs restore failed, for another submission. */
    public static final StepDefinition<ResetRequest, RestoreRun> RESET_RESTORE_TARGET = step("reset-restore-target",
            ResetRequest.class, RestoreRun.class, LAKEFS, true,
            (s, in, p) -> restore(s).resetTarget(in.restore(), in.error()), null);

    /** Re-applies hidden flags, protection rules and metadata. */
    public static final StepDefinition<RestoreRun, RestoreRun> APPLY_SETTINGS = step("apply-settings",
            RestoreRun.class, RestoreRun.class, LAKEFS, false, (s, in, p) -> restore(s).applySettings(in), null);

    /** Verifies the restored repository against the manifest. */
    public static final StepDefinition<RestoreRun, RestoreVerification> VERIFY_RESTORE = step("verify-restore",
            RestoreRun.class, RestoreVerification.class, LAKEFS, false, (s, in, p) -> restore(s).verify(in),
            o -> List.of(StepMetric.count("CommitsVerified", o.commits())));

    /** Records the restore as finished, removes the scratch and releases the lease. */
    public static final StepDefinition<RestoreRun, RestoreVerification> FINISH_RESTORE = step("finish-restore",
            RestoreRun.class, RestoreVerification.class, STORES, true, (s, in, p) -> restore(s).finish(in),
            o -> List.of(StepMetric.count("RestoresFinished", 1)));

    /** After a failed restore: deletes a still-bare target this run created, releases the lease. */
    public static final StepDefinition<RestoreRun, CleanupResult> CLEANUP_RESTORE = step("cleanup-restore",
            RestoreRun.class, CleanupResult.class, LAKEFS, true, (s, in, p) -> restore(s).cleanup(in),
            o -> List.of(StepMetric.count("RestoresFailed", 1)));

    // --- reading backups ---

    /** Lists the committed generations at a backup location (of one repository, or of all). Reads only. */
    public static final StepDefinition<ListGenerationsRequest, GenerationList> LIST_GENERATIONS = step(
            "list-generations", ListGenerationsRequest.class, GenerationList.class, STORES, false,
            (s, in, p) -> GenerationListing.list(s.storage(), in), null);

    /**
     * The recovery point objective check: how old each repository's newest successful backup at a location is,
     * against a window (run on a schedule; its metrics drive the RPO alarm). Reads only.
     */
    public static final StepDefinition<BackupAgeRequest, BackupAges> CHECK_BACKUP_AGES = step("check-backup-ages",
            BackupAgeRequest.class, BackupAges.class, STORES, false,
            (s, in, p) -> BackupAgeCheck.check(s.storage(), in, s.clock().instant()), BackupAges::metrics);

    // --- prune (forget and prune) ---

    /** Takes the repository's lease (not in a dry run) and finds the generations live restores are copying. */
    public static final StepDefinition<PruneRequest, PruneRun> PREPARE_PRUNE = step("prepare-prune",
            PruneRequest.class, PruneRun.class, STORES, true, (s, in, p) -> prune(s).prepare(in), null);

    /** Applies the retention policy: marks what it no longer keeps as forgotten. */
    public static final StepDefinition<PruneRun, ForgetResult> FORGET_GENERATIONS = step("forget-generations",
            PruneRun.class, ForgetResult.class, STORES, false, (s, in, p) -> prune(s).forget(in),
            o -> List.of(StepMetric.count("GenerationsForgotten", o.forgotten().size()),
                    StepMetric.count("GenerationsKept", o.kept().size())));

    /** Plans (part of) the prune: the objects no kept generation references. */
    public static final StepDefinition<PrunePlanRequest, PrunePlanProgress> PLAN_PRUNE = step("plan-prune",
            PrunePlanRequest.class, PrunePlanProgress.class, STORES, false, (s, in, p) -> prune(s).plan(in),
            o -> o.done() ? List.of(StepMetric.count("ObjectsUnreferenced", o.checkpoint().candidates()),
                    StepMetric.bytes("BytesUnreferenced", o.checkpoint().candidateBytes()))
                    : List.of(StepMetric.count("ObjectsMergedSoFar", o.checkpoint().listed())));

    /** Deletes (part of) the unreferenced objects, skipping locked ones. */
    public static final StepDefinition<DeleteRequest, DeleteProgress> DELETE_UNREFERENCED = step(
            "delete-unreferenced", DeleteRequest.class, DeleteProgress.class, STORES, false, true,
            (s, in, p) -> prune(s).delete(in), o -> List.of(StepMetric.count("ObjectsDeletedSoFar", o.deleted()),
                    StepMetric.bytes("BytesDeletedSoFar", o.deletedBytes()),
                    StepMetric.count("ObjectsLockedSoFar", o.locked())));

    /** Removes the forgotten generations' own files (manifest last, then the marker). */
    public static final StepDefinition<PruneRun, RemovedGenerations> REMOVE_FORGOTTEN = step("remove-forgotten",
            PruneRun.class, RemovedGenerations.class, STORES, false, true, (s, in, p) -> prune(s).removeForgotten(in),
            o -> List.of(StepMetric.count("GenerationsRemoved", o.removed().size())));

    /** Removes the scratch, releases the lease and reports. */
    public static final StepDefinition<FinishPruneRequest, PruneResult> FINISH_PRUNE = step("finish-prune",
            FinishPruneRequest.class, PruneResult.class, STORES, true, (s, in, p) -> prune(s).finish(in),
            o -> List.of(StepMetric.count("PrunesFinished", 1), StepMetric.count("ObjectsDeleted", o.deleted()),
                    StepMetric.bytes("BytesDeleted", o.deletedBytes()), StepMetric.count("ObjectsLocked", o.locked())));

    /** Selects the repositories of a prune-all run at a backup location, each with its policy. */
    public static final StepDefinition<PruneAllRequest, PruneAllPlan> SELECT_BACKUPS = step("select-backups",
            PruneAllRequest.class, PruneAllPlan.class, STORES, false, (s, in, p) -> BackupsSelection.plan(s.storage(),
                    in), null);

    /** After a failed prune: removes the scratch and releases the lease. */
    public static final StepDefinition<PruneRun, Abandoned> ABANDON_PRUNE = step("abandon-prune", PruneRun.class,
            Abandoned.class, STORES, true, (s, in, p) -> prune(s).abandon(in),
            o -> List.of(StepMetric.count("PrunesFailed", 1)));
    // --- restore drill ---

    /** Picks the generation, takes the lease of the temporary repository's name, finds what earlier drills left. */
    public static final StepDefinition<DrillRequest, DrillRun> PREPARE_DRILL = step("prepare-drill",
            DrillRequest.class, DrillRun.class, LAKEFS, true, (s, in, p) -> drill(s).prepare(in), null);

    /** Removes (part of) a drill's temporary repository and the objects it copied, under its lease. */
    public static final StepDefinition<DrillCleanupRequest, DrillCleanup> CLEANUP_DRILL = step("cleanup-drill",
            DrillCleanupRequest.class, DrillCleanup.class, LAKEFS, true, (s, in, p) -> drill(s).cleanup(in),
            o -> List.of(StepMetric.count("DrillObjectsRemoved", o.objectsDeleted())));

    /** Reads a sample of the restored objects back and compares their recorded checksums. */
    public static final StepDefinition<DrillRun, DrillCheck> CHECK_DRILL_SAMPLE = step("check-drill-sample",
            DrillRun.class, DrillCheck.class, STORES, false, (s, in, p) -> drill(s).check(in),
            o -> List.of(StepMetric.count("DrillObjectsChecked", o.sampled()),
                    StepMetric.count("DrillObjectsMismatched", o.mismatched())));

    /** Records the drill beside its generation; releases the lease a failed clean-up kept. */
    public static final StepDefinition<DrillFinish, DrillRecord> RECORD_DRILL = step("record-drill",
            DrillFinish.class, DrillRecord.class, STORES, true, (s, in, p) -> drill(s).record(in),
            o -> List.of(StepMetric.count(o.ok() ? "DrillsSucceeded" : "DrillsFailed", 1)));

    // --- rolling deep verification ---

    /** Picks per repository its kept generations and the next subset to read back. Reads only. */
    public static final StepDefinition<RollingVerifyRequest, RollingVerifyPlan> PLAN_ROLLING_VERIFY = step(
            "plan-rolling-verify", RollingVerifyRequest.class, RollingVerifyPlan.class, STORES, false,
            (s, in, p) -> new RollingVerifySteps(s).plan(in), null);

    /**
     * Checks (part of) the objects a repository's kept generations reference by listing, each once, and reads the
     * subset's back (resumable); records the coverage in their {@code checks.json}, the only files it writes.
     */
    public static final StepDefinition<ReadSubsetRequest, ReadSubsetProgress> READ_DATA_SUBSET = step(
            "read-data-subset", ReadSubsetRequest.class, ReadSubsetProgress.class, STORES, false,
            (s, in, p) -> new RollingVerifySteps(s).read(in), o -> o.done() && o.entry().skipped() == null
                    ? List.of(StepMetric.count("ObjectsReadBack", o.entry().read()),
                    StepMetric.count("ObjectsMismatched", o.entry().missing() + o.entry().mismatched()))
                    : List.of());

    /** Sums a rolling verification up; fails with VERIFICATION_FAILED naming the keys when anything differed. */
    public static final StepDefinition<RollingVerifyFinish, RollingVerifyResult> FINISH_ROLLING_VERIFY = step(
            "finish-rolling-verify", RollingVerifyFinish.class, RollingVerifyResult.class, STORES, false,
            (s, in, p) -> new RollingVerifySteps(s).finish(in),
            o -> List.of(StepMetric.count("RollingVerificationsPassed", 1)));

    private static List<StepMetric> planMetrics(PlanProgress progress) {
        if (!progress.done()) {
            return List.of(StepMetric.count("ObjectsPlannedSoFar", progress.checkpoint().totalObjects()));
        }
        CopyPlan plan = progress.plan();
        return List.of(StepMetric.count("ObjectsPlanned", plan.copyObjects()), StepMetric.bytes("BytesPlanned",
                plan.copyBytes()), StepMetric.count("ObjectsSkipped", plan.skippedObjects()),
                StepMetric.count("PlanChunks", plan.chunks()));
    }

    /** Every step, in workflow order. */
    public static List<StepDefinition<?, ?>> all() {
        return List.copyOf(STEPS.values());
    }

    /** The step of that name, if any. */
    public static Optional<StepDefinition<?, ?>> find(String name) {
        return Optional.ofNullable(STEPS.get(name));
    }

    /** The step of that name; INVALID_INPUT naming the known ones otherwise. */
    public static StepDefinition<?, ?> get(String name) {
        return find(name).orElseThrow(() -> ErrorCode.INVALID_INPUT.exception("no step is named '" + name
                + "'; steps: " + STEPS.keySet()));
    }
}
