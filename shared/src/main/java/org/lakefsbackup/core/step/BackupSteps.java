package org.lakefsbackup.core.step;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.lakefsbackup.core.copy.CopyPlanner;
import org.lakefsbackup.core.copy.CopySummary;
import org.lakefsbackup.core.copy.PlanProgress;
import org.lakefsbackup.core.copy.ProgressListener;
import org.lakefsbackup.core.copy.CopyPlan;
import org.lakefsbackup.core.copy.NamespaceComparison;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.lakefs.LakeFsClient;
import org.lakefsbackup.core.lakefs.MetaRangeIds;
import org.lakefsbackup.core.lakefs.NamedRef;
import org.lakefsbackup.core.lakefs.RepositoryInfo;
import org.lakefsbackup.core.lakefs.ServerInfo;
import org.lakefsbackup.core.lakefs.TaskPoller;
import org.lakefsbackup.core.lakefs.TaskStatus;
import org.lakefsbackup.core.lakefs.UncommittedChanges;
import org.lakefsbackup.core.lease.Lease;
import org.lakefsbackup.core.lease.Leases;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.model.Manifest;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backup steps. Each is a function of a small record to a small record, safe to run again after failing between
 * any two of its effects; what a run learns is kept in its scratch ({@code _runs/<repository>/<generation>/}) in the backup location. The order
 * is the backup workflow's ({@link org.lakefsbackup.core.workflow.BackupWorkflow}): {@link #prepare} (takes the
 * repository's lease), {@link #commitUncommitted}, {@link #submitDump}, {@link #pollDump} (until done),
 * {@link #plan} (until done), {@link #copyChunk} (per chunk, in parallel), {@link #verify} (until done),
 * {@link #commitGeneration} (releases the lease); on failure {@link #abandon}.
 */
public final class BackupSteps {
    private static final Logger LOG = LoggerFactory.getLogger(BackupSteps.class);
    private static final long IMPORT_SCAN_LIMIT = 100_000;
    private static final String VERIFY_PROGRESS = "verify-progress.json";
    private static final String UNCHANGED_PROGRESS = "unchanged-progress.json";
    /** The warning of a generation whose dump ran while refs moved: its refs may not be the recorded heads'. */
    static final String REFS_MOVED = "branches or tags moved while the dump ran; the recorded heads are those after "
            + "the dump";

    private final StepServices services;
    private final LakeFsClient lakefs;

    public BackupSteps(StepServices services) {
        this.services = services;
        this.lakefs = services.lakefs();
    }

    /**
     * Takes the repository's lease (unless the run's {@code claim-events} took it: {@link BackupRequest#leased}),
     * validates the request and reads the repository, server version and uncommitted changes. The run id is the
     * generation id (derived from the request's run id and start time, so a retried prepare names the same
     * generation); the request's run id owns the lease. When that generation is already committed (the same run, run
     * again after it ended), says so ({@code committed}) and the workflow only returns it. One listing of
     * {@code generations/} tells both that and which generation is the latest.
     */
    public BackupRun prepare(BackupRequest request) {
        if (request.runId() == null || request.startedAt() == null) {
            throw ErrorCode.INVALID_INPUT.exception("a backup run needs a run id and a start time");
        }
        Location backup = Location.parse(request.backup());
        GenerationId generation = GenerationId.forRun(request.runId(), request.startedAt());
        RunRef run = new RunRef(request.backup(), request.repository(), generation.value(), request.repository(),
                request.runId());
        Leases leases = services.leases();
        String detail = "backup of " + request.repository() + " as generation " + generation;
        if (request.leased()) {
            // the run's claim took it; only an earlier attempt of this step that failed (and released it) did not
            leases.createIfAbsent(backup, request.repository(), "backup", run.runId(), run.owner(), detail);
        } else {
            leases.acquire(backup, request.repository(), "backup", run.runId(), run.owner(), detail,
                    request.breakLease());
        }
        try {
            return prepare(request, backup, generation, run);
        } catch (RuntimeException e) {
            leases.release(backup, request.repository(), run.owner());
            throw e;
        }
    }

    private BackupRun prepare(BackupRequest request, Location backup, GenerationId generation, RunRef run) {
        RepositoryInfo repo = lakefs.getRepository(request.repository()).orElseThrow(() ->
                ErrorCode.NOT_FOUND.exception("repository '" + request.repository() + "' does not exist on "
                        + lakefs.endpoint()));
        Location namespace = Location.parse(repo.storageNamespace());
        if (namespace.overlaps(backup)) {
            throw ErrorCode.INVALID_INPUT.exception("backup location " + backup + " overlaps the repository's storage "
                    + "namespace " + namespace + "; choose a location outside it");
        }
        ServerInfo server = lakefs.serverInfo();
        List<Generations.Entry> history = new Generations(services.storage()).history(run.layout());
        if (history.stream().anyMatch(g -> g.id().equals(generation) && g.committed())) {
            LOG.info("generation {} of {} is already committed: this run ended before", generation,
                    request.repository());
            return new BackupRun(run, repo.storageNamespace(), repo.defaultBranch(), repo.storageId(), repo.readOnly(),
                    server.version(), server.hasAsyncDumpRestore(), false, List.of(), List.of(), true, null);
        }
        List<String> warnings = new ArrayList<>();
        if (!server.hasAsyncDumpRestore()) {
            warnings.add("lakeFS " + server.version() + " predates the asynchronous dump API (1.3.0); using the "
                    + "synchronous internal API");
        }
        List<String> branches = branchNames(request.repository());
        List<Manifest.Uncommitted> uncommitted = findUncommitted(request.repository(), branches);
        if (!uncommitted.isEmpty() && !request.commitUncommitted()) {
            warnings.add(uncommitted.size() + " branch(es) have uncommitted changes that this backup will not "
                    + "contain: " + names(uncommitted) + " (use --commit to commit them first)");
        }
        PreviousGeneration previous = previous(run, history, repo, server, uncommitted, request);
        if (previous != null && previous.sameRefs()) {
            // the same refs, uncommitted changes and lakeFS version give the same warnings: no scan for imports
            warnings.clear();
            warnings.addAll(previous.warnings());
        } else if (branches.contains(repo.defaultBranch())) {
            scanImports(repo, warnings);
        }
        BackupRun result = new BackupRun(run, repo.storageNamespace(), repo.defaultBranch(), repo.storageId(),
                repo.readOnly(), server.version(), server.hasAsyncDumpRestore(), request.commitUncommitted(),
                uncommitted, warnings, false, previous);
        if (!result.mayBeUnchanged()) {
            // a run that may find the repository unchanged writes it only when the namespace turns out changed
            new RunScratch(services.storage(), run).write("prepared.json", result);
        }
        warnings.forEach(w -> LOG.warn("{}", w));
        LOG.info("prepared backup of {} ({}) from lakeFS {} as generation {}", repo.name(), repo.storageNamespace(),
                server.version(), generation);
        return result;
    }

    /**
     * Commits the branches found with uncommitted changes, when the request asked for it. A protected branch or a
     * failing pre-commit hook fails the step with COMMIT_REJECTED naming the branch. Run again, it commits only what
     * is still uncommitted.
     */
    public BackupRun commitUncommitted(BackupRun run) {
        if (!run.mustCommit()) {
            return run;
        }
        String repository = run.run().repository();
        for (Manifest.Uncommitted u : run.uncommitted()) {
            if (!lakefs.uncommittedChanges(repository, u.branch(), 1).any()) {
                continue;
            }
            try {
                var commit = lakefs.commit(repository, u.branch(), "Committed by lakefs-backup before backup "
                        + run.run().runId(), Map.of("lakefs_backup_generation", run.run().runId()));
                LOG.info("committed uncommitted changes on {} as {}", u.branch(), commit.id());
            } catch (LakeFsBackupException e) {
                if (e.code() == ErrorCode.COMMIT_REJECTED || e.code() == ErrorCode.UNAUTHORIZED) {
                    throw ErrorCode.COMMIT_REJECTED.exception("cannot commit the uncommitted changes on branch '"
                            + u.branch() + "' of " + repository + ": " + e.getMessage()
                            + " (protected branch or failing pre-commit hook? commit or discard them yourself, "
                            + "or back up without --commit)", e);
                }
                throw e;
            }
        }
        List<Manifest.Uncommitted> left = findUncommitted(repository, branchNames(repository));
        BackupRun result = new BackupRun(run.run(), run.namespace(), run.defaultBranch(), run.storageId(),
                run.readOnly(), run.lakefsVersion(), run.asyncApi(), run.commitUncommitted(), left, run.warnings(),
                false, run.previous() == null ? null : run.previous().changed());
        new RunScratch(services.storage(), run.run()).write("prepared.json", result);
        return result;
    }

    /**
     * Records the refs (a digest of the branch heads and tags, in the returned task) and submits the dump (or, on
     * servers older than 1.3.0, dumps synchronously). Writes nothing itself but the dump's result.
     */
    public TaskRef submitDump(DumpRequest request) {
        RunRef run = request.run();
        int attempt = request.attempt();
        RunScratch scratch = new RunScratch(services.storage(), run);
        boolean asyncApi = request.asyncApi() != null ? request.asyncApi()
                : scratch.require("prepared.json", BackupRun.class, "run the prepare step first").asyncApi();
        String before = RepositoryFacts.snapshot(lakefs, run.repository()).refsDigest();
        if (!asyncApi) {
            MetaRangeIds refs = lakefs.dumpRefsSync(run.repository());
            TaskRef task = new TaskRef(run, TaskRef.SYNC, attempt, before);
            finishDump(task, scratch, refs);
            return task;
        }
        String taskId = lakefs.submitDump(run.repository());
        LOG.info("submitted dump of {} (attempt {}): task {}", run.repository(), attempt, taskId);
        return new TaskRef(run, taskId, attempt, before);
    }

    /**
     * Polls the dump once. {@link TaskState#RUNNING}: poll again later. {@link TaskState#DONE}: the refs are
     * recorded; {@code consistent} is false when branches or tags moved while the dump ran. {@link TaskState#LOST}
     * and {@link TaskState#STALE}: the task is gone or stuck. In those last cases (and when not consistent) the
     * workflow submits the dump again. A dump that failed in lakeFS fails the step (TASK_FAILED).
     */
    public TaskPoll pollDump(TaskRef task) {
        RunScratch scratch = new RunScratch(services.storage(), task.run());
        if (task.taskId().equals(TaskRef.SYNC)) {
            DumpResult done = scratch.require("dump.json", DumpResult.class, "submit the dump again");
            return new TaskPoll(task, TaskState.DONE, done.consistent(), null, null);
        }
        String what = "dump task " + task.taskId() + " of " + task.run().repository();
        TaskStatus status;
        try {
            status = lakefs.dumpStatus(task.run().repository(), task.taskId());
        } catch (LakeFsBackupException e) {
            if (e.code() == ErrorCode.TASK_LOST) {
                LOG.warn("lakeFS lost {}: {}", what, e.getMessage());
                return new TaskPoll(task, TaskState.LOST, false, null, e.getMessage());
            }
            throw e;
        }
        TaskState state = TaskPoller.classify(status, services.clock().instant(), services.settings().taskTimeout());
        switch (state) {
            case FAILED -> throw ErrorCode.TASK_FAILED.exception("lakeFS " + what + " failed: " + status.error());
            case STALE -> {
                String message = what + " made no progress since " + status.updateTime();
                LOG.warn("{}", message);
                return new TaskPoll(task, state, false, status.updateTime().toString(), message);
            }
            case RUNNING -> {
                return new TaskPoll(task, state, true, status.updateTime().toString(), null);
            }
            default -> {
                if (status.refs() == null) {
                    throw ErrorCode.TASK_FAILED.exception("lakeFS " + what + " finished without refs");
                }
                DumpResult result = finishDump(task, scratch, status.refs());
                return new TaskPoll(task, TaskState.DONE, result.consistent(), status.updateTime().toString(), null);
            }
        }
    }

    private DumpResult finishDump(TaskRef task, RunScratch scratch, MetaRangeIds refs) {
        RunRef run = task.run();
        RefsSnapshot after = RepositoryFacts.snapshot(lakefs, run.repository());
        boolean consistent = task.refsBefore() != null ? task.refsBefore().equals(after.refsDigest())
                : scratch.require("refs-before.json", RefsSnapshot.class, "submit the dump again").sameRefs(after);
        DumpResult result = new DumpResult(refs, after, consistent);
        scratch.write("dump.json", result);
        if (!result.consistent()) {
            LOG.warn("branches or tags of {} moved while the dump ran", run.repository());
        }
        return result;
    }

    /** Plans the copy of the namespace into the backup in one call and writes the generation's inventory. */
    public CopyPlan plan(RunRef run) {
        return plan(new PlanRequest(run, false), Long.MAX_VALUE).plan();
    }

    /** Plans (part of) the copy with the settings' budget: call again with {@code resume} until done. */
    public PlanProgress plan(PlanRequest request) {
        return plan(request, services.settings().planBatchObjects());
    }

    /**
     * Plans (part of) the copy: from scratch, or ({@code resume}) from where the previous invocation stopped, as
     * recorded in the run's scratch; stops after {@code maxObjects} namespace objects. Call again with
     * {@code resume} until the result is {@code done}.
     */
    public PlanProgress plan(PlanRequest request, long maxObjects) {
        RunRef run = request.run();
        RunScratch scratch = new RunScratch(services.storage(), run);
        // the workflow plans only after the dump finished; commit-generation requires its result before the manifest
        BackupRun prepared = request.prepared() != null ? request.prepared()
                : scratch.require("prepared.json", BackupRun.class, "run the prepare step first");
        GenerationId generation = new GenerationId(run.runId());
        Manifest.InventoryRef previous = prepared.previous() == null ? null : prepared.previous().inventory();
        return ResumablePlan.run(scratch, request.resume(), from -> planner().planBackup(
                Location.parse(prepared.namespace()), run.layout(), BackupLayout.inventoryPrefix(generation),
                scratch.location("plan"), services.settings()::isMutable, previous, from, maxObjects));
    }

    /** Compares the namespace with the previous generation's inventory with the settings' budget. */
    public UnchangedCheck checkUnchanged(UnchangedCheckRequest request) {
        return checkUnchanged(request, services.settings().planBatchObjects());
    }

    /**
     * Compares (part of) the namespace with the inventory of the previous generation, whose manifest records the
     * refs prepare read, before anything is dumped (a dump writes into the namespace). Writes nothing while the
     * comparison goes on (a paused one keeps its checkpoint in the run's scratch). When the namespace differs, writes
     * {@code prepared.json} for the steps of a full backup. When it is equal, writes the create-only still-current
     * mark {@code generations/<previous>/current/<run>.json} under the run's lease, removes the scratch (only a paused
     * comparison wrote any: its checkpoint) and releases the lease. Run again after that, it returns the same result.
     */
    public UnchangedCheck checkUnchanged(UnchangedCheckRequest request, long maxObjects) {
        BackupRun prepared = request.prepared();
        RunRef run = prepared.run();
        PreviousGeneration previous = prepared.previous();
        RunScratch scratch = new RunScratch(services.storage(), run);
        NamespaceComparison.Checkpoint from = request.resume() ? scratch.require(UNCHANGED_PROGRESS,
                NamespaceComparison.Checkpoint.class, "run the check without resume first")
                : NamespaceComparison.Checkpoint.START;
        NamespaceComparison compared = planner().compareWithInventory(Location.parse(prepared.namespace()),
                run.layout(), previous.inventory(), services.settings()::isMutable, from, maxObjects);
        long count = compared.checkpoint().compared();
        if (!compared.done()) {
            scratch.write(UNCHANGED_PROGRESS, compared.checkpoint());
            LOG.info("compared {} objects of {} with generation {} up to {}: equal so far; continuing later", count,
                    run.repository(), previous.generation(), compared.checkpoint().lastKey());
            return new UnchangedCheck(false, false, count, run, null);
        }
        if (!compared.equal()) {
            LOG.info("the namespace of {} changed since generation {} ({}); backing up a new generation",
                    run.repository(), previous.generation(), compared.difference());
            scratch.write("prepared.json", prepared);
            return new UnchangedCheck(true, false, count, run, null);
        }
        GenerationId generation = new GenerationId(previous.generation());
        Location mark = run.layout().stillCurrent(generation, new GenerationId(run.runId()));
        ObjectStore store = services.storage().storeFor(mark);
        Lease confirmed;
        try {
            confirmed = services.leases().renew(run.backupLocation(), run.lease(), run.owner());
        } catch (LakeFsBackupException e) {
            if (e.code() != ErrorCode.CONFLICT || store.head(mark).isEmpty()) {
                throw e;
            }
            LOG.info("an earlier attempt of run {} marked generation {} still current", run.runId(), generation);
            return unchanged(run, previous, mark, count);
        }
        StillCurrentMark record = new StillCurrentMark(generation.value(), run.runId(), services.clock().instant(),
                count, prepared.uncommitted(), prepared.warnings());
        if (!store.putIfAbsent(mark, Json.write(record))) {
            LOG.info("an earlier attempt of run {} marked generation {} still current", run.runId(), generation);
        }
        if (request.resume()) {
            scratch.deleteAll(); // the paused comparison's checkpoint; a comparison done in one pass wrote nothing
        }
        services.leases().releaseConfirmed(run.backupLocation(), run.lease(), run.owner(), confirmed);
        LOG.info("{} is unchanged since generation {} ({} objects compared): recorded it as still current, no new "
                + "generation", run.repository(), generation, count);
        return unchanged(run, previous, mark, count);
    }

    private static UnchangedCheck unchanged(RunRef run, PreviousGeneration previous, Location mark, long compared) {
        Manifest.InventoryRef inventory = previous.inventory();
        return new UnchangedCheck(true, true, compared, null, new GenerationResult(run.repository(),
                previous.generation(), run.layout().manifest(new GenerationId(previous.generation())).toString(),
                inventory.objects(), inventory.bytes(), 0, 0, previous.branches(), previous.tags(), previous.commits(),
                previous.warnings(), run.layout().report(new GenerationId(previous.generation()), "json").toString(),
                true, mark.toString()));
    }

    /** Copies one chunk of a plan (backup or restore); per-object failures are returned as data. */
    public CopySummary copyChunk(CopyChunkRequest request, ProgressListener progress) {
        Settings s = services.settings();
        return services.copiers().copier(services.storage(), s.copyConcurrency(), s.maxAttemptsPerObject())
                .copyChunk(request.plan(), request.chunk(), progress);
    }

    /** Verifies the run's inventory against the backup store in one call. */
    public VerifyResult verify(RunRef run) {
        return verify(new VerifyRequest(run, false), Long.MAX_VALUE).result();
    }

    /** Verifies (part of) the inventory with the settings' budget: call again with {@code resume} until done. */
    public VerifyProgress verify(VerifyRequest request) {
        return verify(request, services.settings().verifyBatchObjects());
    }

    /**
     * Verifies (part of) the run's inventory against the backup store: from scratch, or ({@code resume}) from where
     * the previous invocation stopped, as recorded in the run's scratch ({@code verify-progress.json}); stops after
     * {@code maxObjects} inventory entries. Call again with {@code resume} until the result is {@code done}. When
     * done, writes {@code verify.json} (what {@link #commitGeneration} reads) and throws VERIFICATION_FAILED naming
     * the keys if the backup is incomplete. A finished verification is returned as is on resume, so a retried last
     * invocation is harmless.
     */
    public VerifyProgress verify(VerifyRequest request, long maxObjects) {
        RunRef run = request.run();
        RunScratch scratch = new RunScratch(services.storage(), run);
        CopyPlan plan = request.plan() != null ? request.plan()
                : scratch.require("plan.json", CopyPlan.class, "run the plan step first");
        VerifyCheckpoint from = VerifyCheckpoint.START;
        VerifyProgress progress = null;
        if (request.resume()) {
            VerifyProgress previous = scratch.require(VERIFY_PROGRESS, VerifyProgress.class,
                    "run the verify step without resume first");
            if (previous.done()) {
                progress = previous;
            } else {
                from = previous.checkpoint();
            }
        }
        if (progress == null) {
            BackupVerifier verifier = new BackupVerifier(services.storage());
            progress = plan.copiedPrefix() != null
                    ? verifier.verifyCopies(run.layout(), run.runId(), inventoryRef(run, plan), plan, from, maxObjects)
                    : verifier.verify(run.layout(), run.runId(), inventoryRef(run, plan), false, from, maxObjects);
            if (progress.done()) {
                scratch.write("verify.json", progress.result());
            }
            if (request.resume() || !progress.done()) {
                // only a resuming invocation reads it; a verification done in one invocation is done again if retried
                scratch.write(VERIFY_PROGRESS, progress);
            }
        }
        if (!progress.done()) {
            LOG.info("verified {} of {} objects of {} up to {}; continuing later", progress.checkpoint().checked(),
                    plan.totalObjects(), run.repository(), progress.checkpoint().lastKey());
            return progress;
        }
        VerifyResult result = progress.result();
        if (!result.ok()) {
            throw ErrorCode.VERIFICATION_FAILED.exception("backup of " + run.repository() + " is incomplete: "
                    + result.missing() + " missing, " + result.mismatched() + " different; first: "
                    + String.join("; ", result.problems().subList(0, Math.min(10, result.problems().size()))));
        }
        return progress;
    }

    /**
     * Writes the manifest (the commit point), removes the run's scratch and releases the lease; it writes only while
     * the run holds its lease. Run again after the manifest was written, it returns the committed generation: it
     * looks for the manifest only when the lease is no longer the run's or a scratch document is gone (the manifest
     * is written before either goes), so a first commit does not read it.
     */
    public GenerationResult commitGeneration(RunRef run) {
        return commitGeneration(new CommitRequest(run));
    }

    /**
     * {@link #commitGeneration(RunRef)}, with the plan and the verification as the plan and verify steps returned them
     * (when the request has them; else they are read from the run's scratch).
     */
    public GenerationResult commitGeneration(CommitRequest request) {
        RunRef run = request.run();
        GenerationId generation = new GenerationId(run.runId());
        Location manifestLocation = run.layout().manifest(generation);
        ObjectStore store = services.storage().storeFor(manifestLocation);
        Lease confirmed;
        try {
            confirmed = services.leases().renew(run.backupLocation(), run.lease(), run.owner());
        } catch (LakeFsBackupException e) {
            if (e.code() != ErrorCode.CONFLICT) {
                throw e;
            }
            return committed(run, store, manifestLocation).orElseThrow(() -> e);
        }
        RunScratch scratch = new RunScratch(services.storage(), run);
        var preparedDoc = scratch.read("prepared.json", BackupRun.class);
        var dumpDoc = scratch.read("dump.json", DumpResult.class);
        var planDoc = request.plan() != null ? java.util.Optional.of(request.plan())
                : scratch.read("plan.json", CopyPlan.class);
        var verifiedDoc = request.verified() != null ? java.util.Optional.of(request.verified())
                : scratch.read("verify.json", VerifyResult.class);
        if (preparedDoc.isEmpty() || dumpDoc.isEmpty() || planDoc.isEmpty() || verifiedDoc.isEmpty()) {
            return committed(run, store, manifestLocation).orElseThrow(() -> ErrorCode.NOT_FOUND.exception(
                    "run state of " + run.repository() + " run " + run.runId() + " is missing (prepared.json "
                            + preparedDoc.isPresent() + ", dump.json " + dumpDoc.isPresent() + ", plan.json "
                            + planDoc.isPresent() + ", verify.json " + verifiedDoc.isPresent()
                            + "): run the backup's earlier steps first"));
        }
        BackupRun prepared = preparedDoc.get();
        DumpResult dump = dumpDoc.get();
        CopyPlan plan = planDoc.get();
        VerifyResult verified = verifiedDoc.get();
        if (!verified.ok()) {
            throw ErrorCode.VERIFICATION_FAILED.exception("generation " + generation + " did not verify; not committing");
        }
        RefsSnapshot refs = dump.snapshot();
        long commits = RepositoryFacts.countCommits(lakefs, run.repository(), RepositoryFacts.heads(refs));
        List<String> warnings = new ArrayList<>(prepared.warnings());
        if (!dump.consistent()) {
            warnings.add(REFS_MOVED);
        }
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, generation.value(), services.clock().instant(),
                services.settings().toolVersion(), new Manifest.Source(lakefs.endpoint(), prepared.lakefsVersion()),
                new Manifest.Repository(run.repository(), prepared.namespace(), prepared.defaultBranch(),
                        prepared.storageId()),
                dump.refs(), prepared.readOnly(), refs.branches(), refs.tags(), commits, refs.protectionRules(),
                refs.metadata(), inventoryRef(run, plan), prepared.uncommitted(), warnings);
        List<ObjectInfo> scratchObjects = scratch.list();
        Location report = BackupReporting.write(services.storage(), run, BackupReporting.assemble(run, manifest,
                manifestLocation, new BackupReporting.Finished(prepared, dump, plan, verified), scratchObjects,
                services.clock().instant()));
        if (!store.putIfAbsent(manifestLocation, Json.write(manifest))) {
            LOG.info("generation {} was committed by an earlier attempt", generation);
            manifest = store.get(manifestLocation).map(b -> Manifest.parse(b, manifestLocation.toString()))
                    .orElse(manifest);
        }
        scratch.deleteAll(scratchObjects);
        services.leases().releaseConfirmed(run.backupLocation(), run.lease(), run.owner(), confirmed);
        LOG.info("committed generation {} of {}: {} objects, {} bytes, {} branches, {} tags, {} commits; report {}",
                generation, run.repository(), plan.totalObjects(), plan.totalBytes(), refs.branches().size(),
                refs.tags().size(), commits, report);
        return result(run, manifest, manifestLocation, plan.copyObjects(), plan.copyBytes());
    }

    /** The committed generation of a commit run again (its scratch removed, its lease released), if it is. */
    private java.util.Optional<GenerationResult> committed(RunRef run, ObjectStore store, Location manifestLocation) {
        var existing = store.get(manifestLocation);
        if (existing.isEmpty()) {
            return java.util.Optional.empty();
        }
        finish(run);
        return java.util.Optional.of(result(run, Manifest.parse(existing.get(), manifestLocation.toString()),
                manifestLocation, 0, 0));
    }

    /**
     * After a failed backup: removes the run's scratch and releases the lease, so the next run starts at once.
     * Copied objects stay (the next generation reuses them); an inventory written without a manifest is an
     * incomplete generation, never listed, and removed by {@code gc}.
     */
    public Abandoned abandon(RunRef run) {
        finish(run);
        LOG.info("abandoned backup run {} of {}", run.runId(), run.repository());
        return new Abandoned(run.repository(), run.runId());
    }

    private void finish(RunRef run) {
        new RunScratch(services.storage(), run).deleteAll();
        services.leases().release(run.backupLocation(), run.lease(), run.owner());
    }

    private static GenerationResult result(RunRef run, Manifest m, Location location, long copied, long copiedBytes) {
        return new GenerationResult(run.repository(), m.generation(), location.toString(), m.inventory().objects(),
                m.inventory().bytes(), copied, copiedBytes, m.branches().size(), m.tags().size(), m.commitCount(),
                m.warnings(), run.layout().report(new GenerationId(m.generation()), "json").toString());
    }

    private static Manifest.InventoryRef inventoryRef(RunRef run, CopyPlan plan) {
        return new Manifest.InventoryRef(BackupLayout.inventoryPrefix(new GenerationId(run.runId())),
                plan.inventoryChunks(), plan.totalObjects(), plan.totalBytes());
    }

    /**
     * The repository's latest committed generation when it was backed up from the repository's namespace ({@code
     * null} for a first backup or after the repository moved to another namespace), and whether its manifest records
     * exactly what this run reads now.
     */
    private PreviousGeneration previous(RunRef run, List<Generations.Entry> history, RepositoryInfo repo,
                                        ServerInfo server, List<Manifest.Uncommitted> uncommitted,
                                        BackupRequest request) {
        List<GenerationId> ids = history.stream().filter(Generations.Entry::listed).map(Generations.Entry::id)
                .toList();
        if (ids.isEmpty()) {
            return null;
        }
        Manifest latest = new Generations(services.storage()).read(run.layout(), ids.get(ids.size() - 1));
        if (!latest.repository().storageNamespace().equals(repo.storageNamespace())) {
            return null;
        }
        String changed = request.forceNewGeneration() ? "a new generation was asked for"
                : request.commitUncommitted() && !uncommitted.isEmpty() ? "uncommitted changes are to be committed"
                : changedSince(latest, repo, server, uncommitted);
        if (changed != null) {
            LOG.info("backing up {} as a new generation, not comparing with generation {}: {}", repo.name(),
                    latest.generation(), changed);
        }
        return PreviousGeneration.of(latest, changed == null);
    }

    /**
     * What differs between generation {@code m}'s manifest and the repository now, cheapest checks first, or
     * {@code null} when its manifest records exactly what a new generation's would (the namespace aside).
     */
    private String changedSince(Manifest m, RepositoryInfo repo, ServerInfo server,
                                List<Manifest.Uncommitted> uncommitted) {
        if (!java.util.Objects.equals(m.repository().defaultBranch(), repo.defaultBranch())
                || !emptyIfNull(m.repository().storageId()).equals(emptyIfNull(repo.storageId()))
                || !Boolean.valueOf(repo.readOnly()).equals(m.readOnly())) {
            return "the repository's settings changed";
        }
        if (m.source() == null || !server.version().equals(m.source().lakefsVersion())) {
            return "lakeFS's version changed";
        }
        if (m.warnings().contains(REFS_MOVED)) {
            return "refs moved while that generation's dump ran";
        }
        if (!m.uncommitted().equals(uncommitted)) {
            return "the uncommitted changes differ from those it recorded";
        }
        RefsSnapshot now = RepositoryFacts.snapshot(lakefs, repo.name());
        if (!sorted(now.branches(), Manifest.Branch::name).equals(sorted(m.branches(), Manifest.Branch::name))) {
            return "branches changed";
        }
        if (!sorted(now.tags(), Manifest.Tag::name).equals(sorted(m.tags(), Manifest.Tag::name))) {
            return "tags changed";
        }
        if (!new java.util.HashSet<>(now.protectionRules()).equals(new java.util.HashSet<>(
                m.branchProtectionRules())) || !now.metadata().equals(m.repositoryMetadata())) {
            return "branch protection rules or repository metadata changed";
        }
        return null;
    }

    private static <T> List<T> sorted(List<T> items, java.util.function.Function<T, String> name) {
        return items.stream().sorted(java.util.Comparator.comparing(name)).toList();
    }

    private static String emptyIfNull(String s) {
        return s == null ? "" : s;
    }

    private CopyPlanner planner() {
        Settings s = services.settings();
        return new CopyPlanner(services.storage(), s.copyChunkSize(), s.inventoryChunkSize());
    }

    private List<String> branchNames(String repository) {
        try (Stream<NamedRef> branches = lakefs.listBranches(repository, true)) {
            return branches.map(NamedRef::name).toList();
        }
    }

    private List<Manifest.Uncommitted> findUncommitted(String repository, List<String> branches) {
        List<Manifest.Uncommitted> found = new ArrayList<>();
        for (String branch : branches) {
            UncommittedChanges changes = lakefs.uncommittedChanges(repository, branch, 100);
            if (changes.any()) {
                found.add(new Manifest.Uncommitted(branch, changes.paths().size(), changes.more()));
            }
        }
        return found;
    }

    private void scanImports(RepositoryInfo repo, List<String> warnings) {
        var scan = RepositoryFacts.scanForeignObjects(lakefs, repo.name(), repo.defaultBranch(),
                repo.storageNamespace(), IMPORT_SCAN_LIMIT);
        if (scan.foreign() > 0) {
            warnings.add(scan.foreign() + " object(s) on " + repo.defaultBranch() + " live outside the storage "
                    + "namespace (imported or linked) and are not copied by a backup, e.g. "
                    + String.join(", ", scan.samples()));
        }
        if (scan.truncated()) {
            warnings.add("the scan for imported objects stopped after " + scan.scanned() + " objects");
        }
    }

    private static String names(List<Manifest.Uncommitted> uncommitted) {
        return String.join(", ", uncommitted.stream().map(Manifest.Uncommitted::branch).toList());
    }
}
