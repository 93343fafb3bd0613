package org.lakefsbackup.core.step;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import org.lakefsbackup.core.copy.CopyPlan;
import org.lakefsbackup.core.copy.CopyPlanner;
import org.lakefsbackup.core.copy.PlanProgress;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.lakefs.LakeFsClient;
import org.lakefsbackup.core.lakefs.NamedRef;
import org.lakefsbackup.core.lakefs.ObjectEntry;
import org.lakefsbackup.core.lakefs.RepositoryInfo;
import org.lakefsbackup.core.lakefs.ServerInfo;
import org.lakefsbackup.core.lakefs.TaskPoller;
import org.lakefsbackup.core.lakefs.TaskStatus;
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
 * The restore steps (disaster recovery, clone, migrate), in the restore workflow's order
 * ({@link org.lakefsbackup.core.workflow.RestoreWorkflow}): {@link #prepare} (takes the target's lease),
 * {@link #createBareRepository}, {@link #plan} (until done), copy chunks ({@link BackupSteps#copyChunk}),
 * {@link #submitRestore}, {@link #pollRestore} (until done; {@link #resetTarget} and submit again when the task
 * failed or was lost), {@link #applySettings}, {@link #verify}, {@link #finish} (releases the lease); on failure
 * {@link #cleanup}. The services' lakeFS client is the target server's.
 *
 * <p>A restore can always be finished: every step is safe to run again after failing between any two of its
 * effects, the submitted task id is kept in the run's scratch, and running the same restore again (same generation,
 * target repository and namespace) resumes the unfinished run. Nothing it did not create is ever deleted: the only
 * repository a restore deletes is one this run created, and only while it holds nothing but what this run restored.
 */
public final class RestoreSteps {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreSteps.class);
    private static final Set<String> DUMMY_MARKERS = Set.of("dummy", "_lakefs/dummy");
    private static final String RUN = "restore.json";
    private static final String CREATING = "creating.json";
    private static final String CREATED = "created.json";
    private static final String TASK = "restore-task.json";
    private static final String VERIFIED = "verified.json";

    private final StepServices services;
    private final LakeFsClient lakefs;

    public RestoreSteps(StepServices services) {
        this.services = services;
        this.lakefs = services.lakefs();
    }

    /**
     * Loads the generation, takes the target's lease and checks the target before anything is written: a valid name
     * and namespace; a namespace that overlaps neither the backup location nor any repository's on the target
     * lakeFS; no repository of that name unless it is bare with the backed-up default branch, or this restore's own
     * unfinished work; an empty namespace unless this restore is being resumed. An unfinished restore of the same
     * generation into the same target is resumed under its run id.
     */
    public RestoreRun prepare(RestoreRequest request) {
        if (request.runId() == null) {
            throw ErrorCode.INVALID_INPUT.exception("a restore run needs a run id");
        }
        Location backup = Location.parse(request.backup());
        Location target = Location.parse(request.targetNamespace());
        if (target.overlaps(backup)) {
            throw ErrorCode.CONFLICT.exception("target namespace " + target + " overlaps the backup location "
                    + backup + "; restore into a namespace outside it");
        }
        BackupLayout layout = new BackupLayout(backup, request.repository());
        Manifest manifest = new Generations(services.storage()).load(layout, request.generation());
        Location recordLocation = layout.restoreRecord(request.targetNamespace());
        ObjectStore recordStore = services.storage().storeFor(recordLocation);
        Optional<RestoreRecord> record = recordStore.get(recordLocation).map(b -> Json.read(b, RestoreRecord.class,
                ErrorCode.INVALID_MANIFEST, recordLocation.toString()));
        boolean same = record.isPresent() && record.get().sameRestore(manifest.generation(),
                request.targetRepository(), request.targetNamespace());
        boolean ended = same && record.get().finished() && record.get().runId().equals(request.runId());
        boolean resuming = same && !record.get().finished();
        if (request.resume() && !resuming) {
            throw ErrorCode.NOT_FOUND.exception("there is no unfinished restore of generation " + manifest.generation()
                    + " into " + request.targetRepository() + " at " + target + " to resume");
        }
        String runId = resuming ? record.get().runId() : request.runId();
        RunRef run = new RunRef(request.backup(), request.repository(), runId, request.targetRepository(),
                request.runId());
        Leases leases = services.leases();
        leases.acquire(backup, request.targetRepository(), "restore", runId, run.owner(), "restore of "
                + request.repository() + " generation " + manifest.generation() + " into " + target, request.breakLease());
        if (ended) {
            LOG.info("restore run {} into {} already finished", runId, request.targetRepository());
            return new RestoreRun(run, manifest.generation(), request.targetRepository(), request.targetNamespace(),
                    manifest.repository().defaultBranch(), "", false, "", true, false, false, true);
        }
        try {
            RestoreRun result = prepare(request, manifest, run, resuming, record);
            recordStore.put(recordLocation, Json.write(new RestoreRecord(manifest.generation(),
                    request.targetRepository(), request.targetNamespace(), runId,
                    resuming ? record.get().startedAt() : services.clock().instant(), null, null)));
            new RunScratch(services.storage(), run).write(RUN, result);
            LOG.info("{} restore of {} generation {} into {} at {} (lakeFS {}, run {})", resuming ? "resuming"
                    : "prepared", request.repository(), manifest.generation(), request.targetRepository(), target,
                    result.lakefsVersion(), runId);
            return result;
        } catch (RuntimeException e) {
            leases.release(backup, request.targetRepository(), run.owner());
            throw e;
        }
    }

    private RestoreRun prepare(RestoreRequest request, Manifest manifest, RunRef run, boolean resuming,
                               Optional<RestoreRecord> record) {
        Location target = Location.parse(request.targetNamespace());
        ServerInfo server = lakefs.serverInfo();
        checkNamespaceFormat(server, request.targetNamespace());
        Optional<RepositoryInfo> existing = lakefs.getRepository(request.targetRepository());
        if (existing.isPresent()) {
            RefsSnapshot refs = existingTargetRefs(request.targetRepository());
            TargetRefs state = TargetRefs.of(manifest, refs);
            if (state != TargetRefs.BARE && !resuming) {
                String why = record.filter(RestoreRecord::finished)
                        .map(r -> " (restored from generation " + r.generation() + " by run " + r.runId() + " at "
                                + r.completedAt() + ")").orElse("");
                throw ErrorCode.CONFLICT.exception("repository '" + request.targetRepository() + "' already exists "
                        + "and is not bare" + why + "; restore under another name (--as), or delete it first");
            }
            if (state == TargetRefs.FOREIGN) {
                throw ErrorCode.CONFLICT.exception("repository '" + request.targetRepository() + "' has branches or "
                        + "tags that generation " + manifest.generation() + " does not have: something else wrote to "
                        + "it since this restore started, so it is left alone; delete it to restore again");
            }
            requireTargetMatches(existing.get(), manifest, request.targetNamespace());
        }
        refuseOverlaps(target, request.targetRepository());
        if (!resuming && !isEmpty(target, existing.isPresent())) {
            throw ErrorCode.CONFLICT.exception("target namespace " + target + " is not empty; restore into an empty "
                    + "namespace (lakeFS repositories cannot share one)");
        }
        String storageId = request.ignoreStorageId() ? "" : manifest.repository().storageId();
        return new RestoreRun(run, manifest.generation(), request.targetRepository(), request.targetNamespace(),
                manifest.repository().defaultBranch(), storageId, Boolean.TRUE.equals(manifest.readOnly()),
                server.version(), server.hasAsyncDumpRestore(), !server.bareSkipsNamespaceCheck(),
                resuming && !run.runId().equals(request.runId()), false); // a retried prepare resumes nothing
    }

    /**
     * The refs of a target repository lakeFS just said exists. Real lakeFS answers a repository's GET from a cache
     * for a few seconds after the repository was deleted, while every other call already answers 404: that is
     * reported as UNAVAILABLE, so the step's retry looks again once the cache has let go (a restore started right
     * after deleting the target, a drill right after the previous drill removed its temporary repository).
     */
    private RefsSnapshot existingTargetRefs(String repository) {
        try {
            return RepositoryFacts.snapshot(lakefs, repository);
        } catch (LakeFsBackupException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
            throw ErrorCode.UNAVAILABLE.exception("repository '" + repository + "' was deleted moments ago (lakeFS "
                    + "still resolves its name from its cache): " + e.getMessage(), e);
        }
    }

    /**
     * Creates the bare target repository with the backed-up default branch (a different one makes lakeFS restore
     * an empty-looking repository, lakeFS#3748) and records that this run created it (an intent first, so a crash
     * between the creation and the record is recognised). Does nothing when the repository is already there.
     */
    public RestoreRun createBareRepository(RestoreRun run) {
        RunScratch scratch = new RunScratch(services.storage(), run.run());
        Optional<RepositoryInfo> existing = lakefs.getRepository(run.targetRepository());
        if (existing.isPresent()) {
            requireTargetMatches(existing.get(), manifest(run), run.targetNamespace());
            if (scratch.read(CREATING, RestoreRun.class).isPresent() && scratch.read(CREATED, RestoreRun.class).isEmpty()
                    && TargetRefs.of(manifest(run), existingTargetRefs(run.targetRepository())) == TargetRefs.BARE) {
                scratch.write(CREATED, run); // created by this run just before it stopped
            }
            return run;
        }
        scratch.write(CREATING, run);
        lakefs.createBareRepository(run.targetRepository(), run.targetNamespace(), run.defaultBranch(),
                run.storageId(), run.readOnly());
        scratch.write(CREATED, run);
        LOG.info("created bare repository {} on {} with default branch {}", run.targetRepository(),
                run.targetNamespace(), run.defaultBranch());
        return run;
    }

    /** Plans the copy of the generation's objects into the target namespace in one call. */
    public CopyPlan plan(RestoreRun run) {
        return plan(new RestorePlanRequest(run, false), Long.MAX_VALUE).plan();
    }

    /** Plans (part of) the copy with the settings' budget: call again with {@code resume} until done. */
    public PlanProgress plan(RestorePlanRequest request) {
        return plan(request, services.settings().planBatchObjects());
    }

    /**
     * Plans (part of) the copy: from scratch, or ({@code resume}) from where the previous invocation stopped, as
     * recorded in the run's scratch; stops after {@code maxObjects} inventory objects. The inventory is validated
     * while planning, so damaged or hostile backup data is refused (INVALID_MANIFEST) before anything is copied.
     */
    public PlanProgress plan(RestorePlanRequest request, long maxObjects) {
        RestoreRun run = request.restore();
        Manifest manifest = manifest(run);
        RunScratch scratch = new RunScratch(services.storage(), run.run());
        Settings s = services.settings();
        CopyPlanner planner = new CopyPlanner(services.storage(), s.copyChunkSize(), s.inventoryChunkSize());
        return ResumablePlan.run(scratch, request.resume(), from -> planner.planRestore(run.run().layout(),
                manifest.inventory(), Location.parse(run.targetNamespace()), scratch.location("plan"),
                key -> run.skipDummyMarkers() && DUMMY_MARKERS.contains(key), from, maxObjects));
    }

    /**
     * Starts the refs restore, unless the run already did: the submitted task is kept in the run's scratch and
     * returned again; a target whose branches and tags already equal the generation's is {@code REFS_DONE}; a target
     * holding part of them without a task to follow is {@code PARTIAL} (the workflow resets it and submits again).
     */
    public RestoreTask submitRestore(RestoreRun run) {
        RunScratch scratch = new RunScratch(services.storage(), run.run());
        Optional<RestoreTask> submitted = scratch.read(TASK, RestoreTask.class);
        if (submitted.isPresent()) {
            return submitted.get();
        }
        Manifest manifest = manifest(run);
        TargetRefs state = TargetRefs.of(manifest, RepositoryFacts.snapshot(lakefs, run.targetRepository()));
        if (state == TargetRefs.EQUAL) {
            LOG.info("the refs of {} already equal generation {}", run.targetRepository(), run.generation());
            return new RestoreTask(run, RestoreTask.Status.REFS_DONE, null);
        }
        if (state != TargetRefs.BARE) {
            LOG.warn("{} holds part of generation {}'s refs and no restore task is known", run.targetRepository(),
                    run.generation());
            return new RestoreTask(run, RestoreTask.Status.PARTIAL, null);
        }
        RestoreTask task;
        if (!run.asyncApi()) {
            lakefs.restoreRefsSync(run.targetRepository(), manifest.refs(), run.readOnly());
            task = new RestoreTask(run, RestoreTask.Status.SUBMITTED, RestoreTask.SYNC);
        } else {
            String taskId = lakefs.submitRestore(run.targetRepository(), manifest.refs(), run.readOnly());
            task = new RestoreTask(run, RestoreTask.Status.SUBMITTED, taskId);
            LOG.info("submitted restore of {} into {}: task {}", run.generation(), run.targetRepository(), taskId);
        }
        scratch.write(TASK, task);
        return task;
    }

    /**
     * Polls the refs restore once. A task that failed, was lost or went stale is reported as data; when the target's
     * refs equal the generation's anyway, the restore is {@link TaskState#DONE}.
     */
    public RestorePoll pollRestore(RestoreTask task) {
        RestoreRun run = task.restore();
        if (task.status() == RestoreTask.Status.REFS_DONE || RestoreTask.SYNC.equals(task.taskId())) {
            return new RestorePoll(task, TaskState.DONE, null, null);
        }
        if (task.status() == RestoreTask.Status.PARTIAL) {
            return new RestorePoll(task, TaskState.FAILED, "the target holds part of the refs", null);
        }
        String what = "restore task " + task.taskId() + " into " + run.targetRepository();
        TaskStatus status;
        try {
            status = lakefs.restoreStatus(run.targetRepository(), task.taskId());
        } catch (LakeFsBackupException e) {
            if (e.code() != ErrorCode.TASK_LOST) {
                throw e;
            }
            return finishedAnyway(task, TaskState.LOST, what + " is unknown to lakeFS: " + e.getMessage(), null);
        }
        TaskState state = TaskPoller.classify(status, services.clock().instant(), services.settings().taskTimeout());
        String updated = status.updateTime().toString();
        return switch (state) {
            case RUNNING, DONE -> new RestorePoll(task, state, null, updated);
            case FAILED -> finishedAnyway(task, state, what + " failed: " + status.error(), updated);
            default -> finishedAnyway(task, state, what + " made no progress since " + updated, updated);
        };
    }

    private RestorePoll finishedAnyway(RestoreTask task, TaskState state, String error, String updated) {
        RestoreRun run = task.restore();
        if (TargetRefs.of(manifest(run), RepositoryFacts.snapshot(lakefs, run.targetRepository())) == TargetRefs.EQUAL) {
            LOG.info("{}; the refs of {} equal the generation's all the same", error, run.targetRepository());
            return new RestorePoll(task, TaskState.DONE, null, updated);
        }
        LOG.warn("{}", error);
        return new RestorePoll(task, state, error, updated);
    }

    /**
     * After a failed, lost or stale refs restore: when the target's refs equal the generation's, nothing is to do;
     * otherwise the target, which this run must have created and which holds nothing but part of the generation's
     * refs, is deleted and created bare again so the restore can be submitted again. A target this run did not
     * create is never deleted: TASK_FAILED says what to do.
     *
     * @param error what went wrong with the task, for the message
     */
    public RestoreRun resetTarget(RestoreRun run, String error) {
        RunScratch scratch = new RunScratch(services.storage(), run.run());
        Manifest manifest = manifest(run);
        Optional<RepositoryInfo> existing = lakefs.getRepository(run.targetRepository());
        if (existing.isPresent()) {
            TargetRefs state = TargetRefs.of(manifest, RepositoryFacts.snapshot(lakefs, run.targetRepository()));
            if (state == TargetRefs.EQUAL) {
                return run;
            }
            if (scratch.read(CREATED, RestoreRun.class).isEmpty()) {
                throw ErrorCode.TASK_FAILED.exception("restoring refs into " + run.targetRepository() + " failed ("
                        + error + "); this run did not create " + run.targetRepository() + ", so it is left as it is: "
                        + "delete it and run the restore again");
            }
            if (state == TargetRefs.FOREIGN) {
                throw ErrorCode.CONFLICT.exception("repository '" + run.targetRepository() + "' has refs the "
                        + "generation does not have; it is left alone");
            }
            if (state == TargetRefs.SUBSET) {
                LOG.warn("deleting {}, which this run created and which holds part of generation {}'s refs, to "
                        + "restore again ({})", run.targetRepository(), run.generation(), error);
                lakefs.deleteRepository(run.targetRepository(), true);
            }
        }
        scratch.delete(TASK);
        return createBareRepository(run);
    }

    /**
     * Re-applies what a lakeFS dump omits, driven by the manifest and idempotent: hidden branches are made hidden at
     * the manifest's head (created where missing, never deleted first when missing), then branch protection rules
     * and repository metadata are set. A failure between any two of these effects, followed by a retry, ends equal
     * to the manifest.
     */
    public RestoreRun applySettings(RestoreRun run) {
        Manifest manifest = manifest(run);
        String repo = run.targetRepository();
        Map<String, Manifest.Branch> present = new HashMap<>();
        RepositoryFacts.snapshot(lakefs, repo).branches().forEach(b -> present.put(b.name(), b));
        int hidden = 0;
        for (Manifest.Branch b : manifest.branches()) {
            if (!b.hidden() || b.name().equals(manifest.repository().defaultBranch())) {
                continue;
            }
            Manifest.Branch now = present.get(b.name());
            if (now != null && now.hidden()) {
                continue;
            }
            if (now != null) {
                lakefs.deleteBranch(repo, b.name()); // restored visible: lakeFS sets the flag only on creation
            }
            lakefs.createBranch(repo, b.name(), b.commitId(), true);
            hidden++;
        }
        if (!manifest.branchProtectionRules().isEmpty()) {
            lakefs.setBranchProtectionRules(repo, manifest.branchProtectionRules());
        }
        if (!manifest.repositoryMetadata().isEmpty()) {
            lakefs.setRepositoryMetadata(repo, manifest.repositoryMetadata());
        }
        LOG.info("re-applied {} protection rule(s), {} metadata key(s) and {} hidden flag(s) on {}",
                manifest.branchProtectionRules().size(), manifest.repositoryMetadata().size(), hidden, repo);
        return run;
    }

    /**
     * Checks the restored repository against the manifest: every branch head (and hidden flag), every tag, the
     * protection rules and metadata, the commit count, and a sample of objects on each branch head read back whole.
     * VERIFICATION_FAILED names what differs. Read-only; the result is kept in the run's scratch for {@link #finish}.
     */
    public RestoreVerification verify(RestoreRun run) {
        Manifest manifest = manifest(run);
        String repo = run.targetRepository();
        RefsSnapshot actual = RepositoryFacts.snapshot(lakefs, repo);
        List<String> problems = new ArrayList<>();
        compare("branch", manifest.branches().stream().map(b -> b.name() + "@" + b.commitId()).toList(),
                actual.branches().stream().map(b -> b.name() + "@" + b.commitId()).toList(), problems);
        compare("hidden branch", manifest.branches().stream().filter(Manifest.Branch::hidden).map(Manifest.Branch::name)
                .toList(), actual.branches().stream().filter(Manifest.Branch::hidden).map(Manifest.Branch::name)
                .toList(), problems);
        compare("tag", manifest.tags().stream().map(t -> t.name() + "@" + t.commitId()).toList(),
                actual.tags().stream().map(t -> t.name() + "@" + t.commitId()).toList(), problems);
        compare("protection rule", manifest.branchProtectionRules(), actual.protectionRules(), problems);
        for (var e : manifest.repositoryMetadata().entrySet()) {
            if (!e.getValue().equals(actual.metadata().get(e.getKey()))) {
                problems.add("repository metadata " + e.getKey() + " not restored");
            }
        }
        long commits = RepositoryFacts.countCommits(lakefs, repo, RepositoryFacts.heads(actual));
        if (commits != manifest.commitCount()) {
            problems.add("commit count " + commits + ", backup has " + manifest.commitCount());
        }
        int sampled = 0;
        if (problems.isEmpty()) {
            Set<String> seen = new HashSet<>();
            for (Manifest.Branch b : manifest.branches()) {
                if (seen.add(b.commitId())) {
                    sampled += sampleObjects(repo, b.name(), problems);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw ErrorCode.VERIFICATION_FAILED.exception("restored repository " + repo + " does not match generation "
                    + run.generation() + ": " + String.join("; ", problems.subList(0, Math.min(20, problems.size()))));
        }
        LOG.info("verified {}: {} branches, {} tags, {} commits, {} objects read", repo, actual.branches().size(),
                actual.tags().size(), commits, sampled);
        RestoreVerification verification = new RestoreVerification(repo, run.generation(), actual.branches().size(),
                actual.tags().size(), commits, sampled);
        new RunScratch(services.storage(), run.run()).write(VERIFIED, verification);
        return verification;
    }

    /**
     * Ends a verified restore: records it as finished (a later restore into the same target is refused, naming it),
     * removes the run's scratch and releases the lease. Run again after it finished, it returns the same result.
     */
    public RestoreVerification finish(RestoreRun run) {
        RunScratch scratch = new RunScratch(services.storage(), run.run());
        BackupLayout layout = run.run().layout();
        Location recordLocation = layout.restoreRecord(run.targetNamespace());
        ObjectStore recordStore = services.storage().storeFor(recordLocation);
        RestoreRecord record = recordStore.get(recordLocation).map(b -> Json.read(b, RestoreRecord.class,
                ErrorCode.INVALID_MANIFEST, recordLocation.toString())).orElseThrow(() ->
                ErrorCode.NOT_FOUND.exception("the restore record " + recordLocation + " is missing"));
        if (record.finished() && record.runId().equals(run.run().runId())) {
            scratch.deleteAll();
            services.leases().release(run.run().backupLocation(), run.run().lease(), run.run().owner());
            return record.verification();
        }
        RestoreVerification verification = scratch.read(VERIFIED, RestoreVerification.class).orElseThrow(() ->
                ErrorCode.NOT_FOUND.exception("restore run " + run.run().runId() + " has not been verified; run the "
                        + "verify step first"));
        services.leases().renew(run.run().backupLocation(), run.run().lease(), run.run().owner());
        recordStore.put(recordLocation, Json.write(new RestoreRecord(record.generation(), record.targetRepository(),
                record.targetNamespace(), record.runId(), record.startedAt(), services.clock().instant(),
                verification)));
        scratch.deleteAll();
        services.leases().release(run.run().backupLocation(), run.run().lease(), run.run().owner());
        LOG.info("restore of generation {} into {} finished", run.generation(), run.targetRepository());
        return verification;
    }

    /**
     * After a failed restore: deletes the target repository only if this run created it and it is still bare
     * (holds nothing); a repository holding restored refs is left for a re-run of the same restore to finish. The
     * run's scratch stays for that re-run; the lease is released so it can start at once. Does nothing to a target
     * whose lease this run no longer holds.
     */
    public CleanupResult cleanup(RestoreRun run) {
        RunRef ref = run.run();
        try {
            services.leases().renew(ref.backupLocation(), ref.lease(), ref.owner());
        } catch (LakeFsBackupException e) {
            if (e.code() == ErrorCode.CONFLICT) {
                LOG.warn("not cleaning up after restore run {}: {}", ref.runId(), e.getMessage());
                return new CleanupResult(run.targetRepository(), false, null);
            }
            throw e;
        }
        RunScratch scratch = new RunScratch(services.storage(), ref);
        boolean deleted = false;
        String left = null;
        Optional<RepositoryInfo> repo = lakefs.getRepository(run.targetRepository());
        if (repo.isPresent()) {
            boolean created = scratch.read(CREATED, RestoreRun.class).isPresent();
            TargetRefs state = TargetRefs.of(manifest(run), RepositoryFacts.snapshot(lakefs, run.targetRepository()));
            if (created && state == TargetRefs.BARE && repo.get().storageNamespace().equals(run.targetNamespace())) {
                lakefs.deleteRepository(run.targetRepository(), true);
                scratch.delete(CREATED);
                scratch.delete(CREATING);
                deleted = true;
                LOG.info("deleted the bare repository {} this run created; its namespace keeps the copied objects",
                        run.targetRepository());
            } else if (state != TargetRefs.BARE) {
                left = run.targetRepository() + " holds restored refs; run the same restore again to finish it";
                LOG.warn("{}", left);
            }
        } else {
            // gone (an earlier attempt deleted it): this run's claim to have created that name must go too
            scratch.delete(CREATED);
            scratch.delete(CREATING);
        }
        services.leases().release(ref.backupLocation(), ref.lease(), ref.owner());
        return new CleanupResult(run.targetRepository(), deleted, left);
    }

    private int sampleObjects(String repo, String branch, List<String> problems) {
        int n = 0;
        try (Stream<ObjectEntry> objects = lakefs.listObjects(repo, branch)) {
            for (var it = objects.iterator(); it.hasNext() && n < services.settings().verifySampleSize(); ) {
                ObjectEntry o = it.next();
                n++;
                try (InputStream in = lakefs.getObject(repo, branch, o.path())) {
                    long read = in.transferTo(java.io.OutputStream.nullOutputStream());
                    if (read != o.size()) {
                        problems.add(branch + ":" + o.path() + " read " + read + " bytes, expected " + o.size());
                    }
                } catch (IOException | LakeFsBackupException e) {
                    problems.add(branch + ":" + o.path() + " is not readable: " + e.getMessage());
                }
            }
        } catch (LakeFsBackupException e) {
            problems.add("cannot list objects on " + branch + ": " + e.getMessage());
        }
        return n;
    }

    private static void compare(String what, List<String> expected, List<String> actual, List<String> problems) {
        Set<String> a = new HashSet<>(actual);
        Set<String> e = new HashSet<>(expected);
        expected.stream().filter(x -> !a.contains(x)).forEach(x -> problems.add(what + " " + x + " missing"));
        actual.stream().filter(x -> !e.contains(x)).forEach(x -> problems.add(what + " " + x + " unexpected"));
    }

    private Manifest manifest(RestoreRun run) {
        return new Generations(services.storage()).read(run.run().layout(), new GenerationId(run.generation()));
    }

    /** CONFLICT unless the existing target has the backed-up default branch and the requested namespace. */
    private static void requireTargetMatches(RepositoryInfo repo, Manifest manifest, String targetNamespace) {
        if (!repo.defaultBranch().equals(manifest.repository().defaultBranch())) {
            throw ErrorCode.CONFLICT.exception("repository '" + repo.name() + "' has default branch '"
                    + repo.defaultBranch() + "' but the backup's is '" + manifest.repository().defaultBranch()
                    + "'; lakeFS would restore an empty-looking repository (lakeFS#3748)");
        }
        if (!repo.storageNamespace().equals(targetNamespace)) {
            throw ErrorCode.CONFLICT.exception("repository '" + repo.name() + "' uses namespace "
                    + repo.storageNamespace() + ", not " + targetNamespace);
        }
    }

    /**
     * CONFLICT, naming the repository, when the target namespace contains or lies inside the namespace of another
     * repository the target lakeFS lists: a later backup of that repository would carry the restored objects.
     */
    private void refuseOverlaps(Location target, String targetRepository) {
        try (Stream<RepositoryInfo> repos = lakefs.listRepositories()) {
            for (var it = repos.iterator(); it.hasNext(); ) {
                RepositoryInfo other = it.next();
                if (other.name().equals(targetRepository)) {
                    continue;
                }
                Location namespace;
                try {
                    namespace = Location.parse(other.storageNamespace());
                } catch (LakeFsBackupException notAStoreWeServe) {
                    continue; // gs://, mem://...: never the same store as a target we can write
                }
                if (namespace.overlaps(target)) {
                    throw ErrorCode.CONFLICT.exception("target namespace " + target + " overlaps the namespace "
                            + namespace + " of repository '" + other.name() + "' on " + lakefs.endpoint()
                            + "; restore into a namespace of its own");
                }
            }
        }
    }

    private boolean isEmpty(Location namespace, boolean bareExists) {
        try (Stream<ObjectInfo> objects = services.storage().storeFor(namespace).list(namespace, null)) {
            return objects.allMatch(o -> bareExists && DUMMY_MARKERS.contains(o.key()));
        }
    }

    private static void checkNamespaceFormat(ServerInfo server, String namespace) {
        if (server.namespaceValidityRegex().isEmpty()) {
            return;
        }
        try {
            if (!Pattern.compile(server.namespaceValidityRegex()).matcher(namespace).find()) {
                throw ErrorCode.INVALID_INPUT.exception("namespace " + namespace + " does not suit the target lakeFS's "
                        + server.blockstoreType() + " block store (expected " + server.namespaceValidityRegex() + ")");
            }
        } catch (PatternSyntaxException e) {
            LOG.debug("ignoring the server's namespace regex: {}", e.getMessage());
        }
    }

    /** How a target repository's branches and tags relate to a generation's (hidden flags aside). */
    enum TargetRefs {
        /** No branch and no tag: nothing restored yet. */
        BARE,
        /** Exactly the generation's branch heads and tags. */
        EQUAL,
        /** Some of them, nothing else: a restore stopped halfway. */
        SUBSET,
        /** A branch or tag the generation does not have, or at another commit: someone else's work. */
        FOREIGN;

        static TargetRefs of(Manifest manifest, RefsSnapshot refs) {
            if (refs.branches().isEmpty() && refs.tags().isEmpty()) {
                return BARE;
            }
            Map<String, String> branches = new HashMap<>();
            manifest.branches().forEach(b -> branches.put(b.name(), b.commitId()));
            Map<String, String> tags = new HashMap<>();
            manifest.tags().forEach(t -> tags.put(t.name(), t.commitId()));
            boolean subset = refs.branches().stream().allMatch(b -> b.commitId().equals(branches.get(b.name())))
                    && refs.tags().stream().allMatch(t -> t.commitId().equals(tags.get(t.name())));
            if (!subset) {
                return FOREIGN;
            }
            return refs.branches().size() == branches.size() && refs.tags().size() == tags.size() ? EQUAL : SUBSET;
        }
    }
}
