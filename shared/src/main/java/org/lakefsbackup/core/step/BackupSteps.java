package org.lakefsbackup.core.step;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.lakefsbackup.core.copy.ChunkCopier;
import org.lakefsbackup.core.copy.CopyPlan;
import org.lakefsbackup.core.copy.CopyPlanner;
import org.lakefsbackup.core.copy.CopySummary;
import org.lakefsbackup.core.copy.PlanProgress;
import org.lakefsbackup.core.copy.ProgressListener;
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
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.model.Manifest;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backup steps. Each is a function of a small record to a small record, safe to run again after a failure;
 * what a run learns is kept in {@code runs/<generation>/} in the backup location. Order: {@link #prepare},
 * {@link #commitUncommitted}, {@link #submitDump}, {@link #pollDump} (until done), {@link #plan},
 * {@link #copyChunk} (per chunk, in parallel), {@link #verify} (until done), {@link #commitGeneration}.
 */
public final class BackupSteps {
    private static final Logger LOG = LoggerFactory.getLogger(BackupSteps.class);
    private static final long IMPORT_SCAN_LIMIT = 100_000;
    private static final String VERIFY_PROGRESS = "verify-progress.json";

    private final StepServices services;
    private final LakeFsClient lakefs;

    public BackupSteps(StepServices services) {
        this.services = services;
        this.lakefs = services.lakefs();
    }

    /** Validates the request and reads the repository, server version and uncommitted changes. */
    public BackupRun prepare(BackupRequest request) {
        Location backup = Location.parse(request.backup());
        RepositoryInfo repo = lakefs.getRepository(request.repository()).orElseThrow(() ->
                ErrorCode.NOT_FOUND.exception("repository '" + request.repository() + "' does not exist on "
                        + lakefs.endpoint()));
        Location namespace = Location.parse(repo.storageNamespace());
        if (namespace.overlaps(backup)) {
            throw ErrorCode.INVALID_INPUT.exception("backup location " + backup + " overlaps the repository's storage "
                    + "namespace " + namespace + "; choose a location outside it");
        }
        ServerInfo server = lakefs.serverInfo();
        GenerationId generation = request.runId() == null
                ? GenerationId.create(services.clock().instant()) : new GenerationId(request.runId());
        RunRef run = new RunRef(request.backup(), request.repository(), generation.value());
        Location manifest = run.layout().manifest(generation);
        if (services.storage().storeFor(manifest).head(manifest).isPresent()) {
            throw ErrorCode.CONFLICT.exception("generation " + generation + " of " + request.repository()
                    + " is already committed");
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
        if (branches.contains(repo.defaultBranch())) {
            scanImports(repo, warnings);
        }
        BackupRun result = new BackupRun(run, repo.storageNamespace(), repo.defaultBranch(), repo.storageId(),
                repo.readOnly(), server.version(), server.hasAsyncDumpRestore(), request.commitUncommitted(),
                uncommitted, warnings);
        new RunScratch(services.storage(), run).write("prepared.json", result);
        warnings.forEach(w -> LOG.warn("{}", w));
        LOG.info("prepared backup of {} ({}) from lakeFS {} as generation {}", repo.name(), repo.storageNamespace(),
                server.version(), generation);
        return result;
    }

    /**
     * Commits the branches found with uncommitted changes, when the request asked for it. A protected branch or a
     * failing pre-commit hook fails the step with COMMIT_REJECTED naming the branch.
     */
    public BackupRun commitUncommitted(BackupRun run) {
        if (!run.commitUncommitted() || run.uncommitted().isEmpty()) {
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
                run.readOnly(), run.lakefsVersion(), run.asyncApi(), run.commitUncommitted(), left, run.warnings());
        new RunScratch(services.storage(), run.run()).write("prepared.json", result);
        return result;
    }

    /** Records the refs and submits the dump (or, on servers older than 1.3.0, dumps synchronously). */
    public TaskRef submitDump(RunRef run) {
        RunScratch scratch = new RunScratch(services.storage(), run);
        BackupRun prepared = scratch.require("prepared.json", BackupRun.class, "run the prepare step first");
        scratch.write("refs-before.json", RepositoryFacts.snapshot(lakefs, run.repository()));
        if (!prepared.asyncApi()) {
            MetaRangeIds refs = lakefs.dumpRefsSync(run.repository());
            finishDump(run, scratch, refs);
            return new TaskRef(run, TaskRef.SYNC);
        }
        String taskId = lakefs.submitDump(run.repository());
        LOG.info("submitted dump of {}: task {}", run.repository(), taskId);
        return new TaskRef(run, taskId);
    }

    /**
     * Polls the dump once. Not done: poll again later. Done: the refs are recorded; {@code consistent} is false
     * when branches or tags moved while the dump ran, and the dump should be submitted again.
     */
    public TaskPoll pollDump(TaskRef task) {
        RunScratch scratch = new RunScratch(services.storage(), task.run());
        if (task.taskId().equals(TaskRef.SYNC)) {
            DumpResult done = scratch.require("dump.json", DumpResult.class, "submit the dump again");
            return new TaskPoll(task, true, done.consistent(), null);
        }
        TaskStatus status = TaskPoller.check("dump task " + task.taskId() + " of " + task.run().repository(),
                lakefs.dumpStatus(task.run().repository(), task.taskId()), services.clock().instant(),
                services.settings().taskTimeout());
        if (!status.done()) {
            return new TaskPoll(task, false, true, status.updateTime().toString());
        }
        if (status.refs() == null) {
            throw ErrorCode.TASK_FAILED.exception("lakeFS dump task " + task.taskId() + " finished without refs");
        }
        DumpResult result = finishDump(task.run(), scratch, status.refs());
        return new TaskPoll(task, true, result.consistent(), status.updateTime().toString());
    }

    private DumpResult finishDump(RunRef run, RunScratch scratch, MetaRangeIds refs) {
        RefsSnapshot before = scratch.require("refs-before.json", RefsSnapshot.class, "submit the dump again");
        RefsSnapshot after = RepositoryFacts.snapshot(lakefs, run.repository());
        DumpResult result = new DumpResult(refs, after, before.sameRefs(after));
        scratch.write("dump.json", result);
        if (!result.consistent()) {
            LOG.warn("branches or tags of {} moved while the dump ran", run.repository());
        }
        return result;
    }

    /** Plans the copy of the namespace into the backup and writes the generation's inventory. */
    public CopyPlan plan(RunRef run) {
        return plan(run, false, Long.MAX_VALUE).plan();
    }

    /**
     * Plans (part of) the copy: from scratch, or ({@code resume}) from where the previous invocation stopped, as
     * recorded in the run's scratch; stops after {@code maxObjects} namespace objects. Call again with
     * {@code resume} until the result is {@code done}.
     */
    public PlanProgress plan(RunRef run, boolean resume, long maxObjects) {
        RunScratch scratch = new RunScratch(services.storage(), run);
        BackupRun prepared = scratch.require("prepared.json", BackupRun.class, "run the prepare step first");
        scratch.require("dump.json", DumpResult.class, "the dump must finish before the copy is planned");
        GenerationId generation = new GenerationId(run.runId());
        Manifest.InventoryRef previous = previousInventory(run.layout(), prepared.namespace());
        return ResumablePlan.run(scratch, resume, from -> planner().planBackup(Location.parse(prepared.namespace()),
                run.layout(), BackupLayout.inventoryPrefix(generation), scratch.location("plan"),
                services.settings()::isMutable, previous, from, maxObjects));
    }

    /** Copies one chunk of the plan; per-object failures are returned as data. */
    public CopySummary copyChunk(CopyChunkRequest request) {
        return copyChunk(request, ProgressListener.NONE);
    }

    public CopySummary copyChunk(CopyChunkRequest request, ProgressListener progress) {
        Settings s = services.settings();
        return new ChunkCopier(services.storage(), s.copyConcurrency(), s.maxAttemptsPerObject())
                .copyChunk(request.plan(), request.chunk(), progress);
    }

    /** Verifies the run's inventory against the backup store; throws VERIFICATION_FAILED naming the keys. */
    public VerifyResult verify(RunRef run) {
        return verify(run, false, Long.MAX_VALUE).result();
    }

    /**
     * Verifies (part of) the run's inventory against the backup store: from scratch, or ({@code resume}) from where
     * the previous invocation stopped, as recorded in the run's scratch ({@code verify-progress.json}); stops after
     * {@code maxObjects} inventory entries. Call again with {@code resume} until the result is {@code done}. When
     * done, writes {@code verify.json} (what {@link #commitGeneration} reads) and throws VERIFICATION_FAILED naming
     * the keys if the backup is incomplete. A finished verification is returned as is on resume, so a retried last
     * invocation is harmless.
     */
    public VerifyProgress verify(RunRef run, boolean resume, long maxObjects) {
        RunScratch scratch = new RunScratch(services.storage(), run);
        CopyPlan plan = scratch.require("plan.json", CopyPlan.class, "run the plan step first");
        VerifyCheckpoint from = VerifyCheckpoint.START;
        VerifyProgress progress = null;
        if (resume) {
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
            scratch.write(VERIFY_PROGRESS, progress);
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

    /** Writes the manifest (the commit point) and removes the run's scratch. */
    public GenerationResult commitGeneration(RunRef run) {
        GenerationId generation = new GenerationId(run.runId());
        Location manifestLocation = run.layout().manifest(generation);
        ObjectStore store = services.storage().storeFor(manifestLocation);
        var existing = store.get(manifestLocation);
        if (existing.isPresent()) {
            return result(run, Manifest.parse(existing.get(), manifestLocation.toString()), manifestLocation, 0, 0);
        }
        RunScratch scratch = new RunScratch(services.storage(), run);
        BackupRun prepared = scratch.require("prepared.json", BackupRun.class, "run the prepare step first");
        DumpResult dump = scratch.require("dump.json", DumpResult.class, "run the dump steps first");
        CopyPlan plan = scratch.require("plan.json", CopyPlan.class, "run the plan step first");
        VerifyResult verified = scratch.require("verify.json", VerifyResult.class, "run the verify step first");
        if (!verified.ok()) {
            throw ErrorCode.VERIFICATION_FAILED.exception("generation " + generation + " did not verify; not committing");
        }
        RefsSnapshot refs = dump.snapshot();
        long commits = RepositoryFacts.countCommits(lakefs, run.repository(), RepositoryFacts.heads(refs));
        List<String> warnings = new ArrayList<>(prepared.warnings());
        if (!dump.consistent()) {
            warnings.add("branches or tags moved while the dump ran; the recorded heads are those after the dump");
        }
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, generation.value(), services.clock().instant(),
                services.settings().toolVersion(), new Manifest.Source(lakefs.endpoint(), prepared.lakefsVersion()),
                new Manifest.Repository(run.repository(), prepared.namespace(), prepared.defaultBranch(),
                        prepared.storageId()),
                dump.refs(), prepared.readOnly(), refs.branches(), refs.tags(), commits, refs.protectionRules(),
                refs.metadata(), inventoryRef(run, plan), prepared.uncommitted(), warnings);
        if (!store.putIfAbsent(manifestLocation, Json.write(manifest))) {
            LOG.info("generation {} was committed by an earlier attempt", generation);
        }
        scratch.deleteAll();
        LOG.info("committed generation {} of {}: {} objects, {} bytes, {} branches, {} tags, {} commits", generation,
                run.repository(), plan.totalObjects(), plan.totalBytes(), refs.branches().size(), refs.tags().size(),
                commits);
        return result(run, manifest, manifestLocation, plan.copyObjects(), plan.copyBytes());
    }

    private static GenerationResult result(RunRef run, Manifest m, Location location, long copied, long copiedBytes) {
        return new GenerationResult(run.repository(), m.generation(), location.toString(), m.inventory().objects(),
                m.inventory().bytes(), copied, copiedBytes, m.branches().size(), m.tags().size(), m.commitCount(),
                m.warnings());
    }

    private static Manifest.InventoryRef inventoryRef(RunRef run, CopyPlan plan) {
        return new Manifest.InventoryRef(BackupLayout.inventoryPrefix(new GenerationId(run.runId())),
                plan.inventoryChunks(), plan.totalObjects(), plan.totalBytes());
    }

    /**
     * The inventory of the repository's latest committed generation when it was backed up from {@code namespace}:
     * what the backup holds, so the plan lists only the namespace. {@code null} for a first backup or after the
     * repository moved to another namespace (then the plan lists the backup).
     */
    private Manifest.InventoryRef previousInventory(BackupLayout layout, String namespace) {
        Generations generations = new Generations(services.storage());
        List<GenerationId> ids = generations.list(layout);
        if (ids.isEmpty()) {
            return null;
        }
        Manifest latest = generations.read(layout, ids.get(ids.size() - 1));
        return latest.repository().storageNamespace().equals(namespace) ? latest.inventory() : null;
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
