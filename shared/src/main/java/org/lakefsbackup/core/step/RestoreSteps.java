package org.lakefsbackup.core.step;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.model.Manifest;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restore steps (disaster recovery, clone, migrate). Order: {@link #prepare}, {@link #createBareRepository},
 * {@link #plan}, copy chunks ({@link BackupSteps#copyChunk}), {@link #submitRestore}, {@link #pollRestore} (until
 * done), {@link #applySettings}, {@link #verify}; on failure {@link #cleanupFailedRestore}. Each step is safe to run
 * again. The services' lakeFS client is the target server's.
 */
public final class RestoreSteps {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreSteps.class);
    private static final Set<String> DUMMY_MARKERS = Set.of("dummy", "_lakefs/dummy");

    private final StepServices services;
    private final LakeFsClient lakefs;

    public RestoreSteps(StepServices services) {
        this.services = services;
        this.lakefs = services.lakefs();
    }

    /**
     * Loads the generation and checks the target: a valid name and namespace; no repository of that name unless
     * it is bare with the backed-up default branch; an empty namespace unless it holds an earlier attempt at this
     * same restore.
     */
    public RestoreRun prepare(RestoreRequest request) {
        Location backup = Location.parse(request.backup());
        Location target = Location.parse(request.targetNamespace());
        if (target.overlaps(backup)) {
            throw ErrorCode.INVALID_INPUT.exception("target namespace " + target + " overlaps the backup location "
                    + backup);
        }
        BackupLayout layout = new BackupLayout(backup, request.repository());
        Manifest manifest = new Generations(services.storage()).load(layout, request.generation());
        ServerInfo server = lakefs.serverInfo();
        checkNamespaceFormat(server, request.targetNamespace());
        Optional<RepositoryInfo> existing = lakefs.getRepository(request.targetRepository());
        if (existing.isPresent()) {
            requireResumable(existing.get(), manifest, request.targetNamespace());
        }
        Location recordLocation = layout.restoreRecord(request.targetNamespace());
        var store = services.storage().storeFor(recordLocation);
        Optional<RestoreRecord> record = store.get(recordLocation).map(b -> Json.read(b, RestoreRecord.class,
                ErrorCode.INVALID_MANIFEST, recordLocation.toString()));
        boolean sameAttempt = record.isPresent() && record.get().generation().equals(manifest.generation())
                && record.get().targetRepository().equals(request.targetRepository());
        if (!sameAttempt && !isEmpty(target, existing.isPresent())) {
            throw ErrorCode.CONFLICT.exception("target namespace " + target + " is not empty; restore into an empty "
                    + "namespace (lakeFS repositories cannot share one)");
        }
        String runId = request.runId() != null ? request.runId()
                : sameAttempt ? record.get().runId() : "restore-" + GenerationId.create(services.clock().instant());
        RunRef run = new RunRef(request.backup(), request.repository(), runId);
        store.put(recordLocation, Json.write(new RestoreRecord(manifest.generation(), request.targetRepository(),
                request.targetNamespace(), runId)));
        String storageId = request.ignoreStorageId() ? "" : manifest.repository().storageId();
        RestoreRun result = new RestoreRun(run, manifest.generation(), request.targetRepository(),
                request.targetNamespace(), manifest.repository().defaultBranch(), storageId,
                Boolean.TRUE.equals(manifest.readOnly()), server.version(), server.hasAsyncDumpRestore(),
                !server.bareSkipsNamespaceCheck());
        new RunScratch(services.storage(), run).write("restore.json", result);
        LOG.info("prepared restore of {} generation {} into {} at {} (lakeFS {})", request.repository(),
                manifest.generation(), request.targetRepository(), target, server.version());
        return result;
    }

    /**
     * Creates the bare target repository with the backed-up default branch (a different one makes lakeFS restore
     * an empty-looking repository, lakeFS#3748). Does nothing when an earlier attempt created it.
     */
    public RestoreRun createBareRepository(RestoreRun run) {
        Optional<RepositoryInfo> existing = lakefs.getRepository(run.targetRepository());
        if (existing.isPresent()) {
            requireResumable(existing.get(), manifest(run), run.targetNamespace());
            return run;
        }
        lakefs.createBareRepository(run.targetRepository(), run.targetNamespace(), run.defaultBranch(),
                run.storageId(), run.readOnly());
        new RunScratch(services.storage(), run.run()).write("created.json", run);
        LOG.info("created bare repository {} on {} with default branch {}", run.targetRepository(),
                run.targetNamespace(), run.defaultBranch());
        return run;
    }

    /** Plans the copy of the generation's objects into the target namespace. */
    public CopyPlan plan(RestoreRun run) {
        return plan(run, false, Long.MAX_VALUE).plan();
    }

    /**
     * Plans (part of) the copy: from scratch, or ({@code resume}) from where the previous invocation stopped, as
     * recorded in the run's scratch; stops after {@code maxObjects} inventory objects. Call again with
     * {@code resume} until the result is {@code done}.
     */
    public PlanProgress plan(RestoreRun run, boolean resume, long maxObjects) {
        Manifest manifest = manifest(run);
        RunScratch scratch = new RunScratch(services.storage(), run.run());
        Settings s = services.settings();
        CopyPlanner planner = new CopyPlanner(services.storage(), s.copyChunkSize(), s.inventoryChunkSize());
        return ResumablePlan.run(scratch, resume, from -> planner.planRestore(run.run().layout(),
                manifest.inventory(), Location.parse(run.targetNamespace()), scratch.location("plan"),
                key -> run.skipDummyMarkers() && DUMMY_MARKERS.contains(key), from, maxObjects));
    }

    /** Submits the refs restore (or restores synchronously on servers older than 1.3.0). */
    public TaskRef submitRestore(RestoreRun run) {
        Manifest manifest = manifest(run);
        if (!run.asyncApi()) {
            lakefs.restoreRefsSync(run.targetRepository(), manifest.refs(), run.readOnly());
            return new TaskRef(run.run(), TaskRef.SYNC);
        }
        String taskId = lakefs.submitRestore(run.targetRepository(), manifest.refs(), run.readOnly());
        LOG.info("submitted restore of {} into {}: task {}", run.generation(), run.targetRepository(), taskId);
        return new TaskRef(run.run(), taskId);
    }

    /** Polls the restore once; TASK_FAILED carries lakeFS's error. */
    public TaskPoll pollRestore(RestoreRun run, TaskRef task) {
        if (task.taskId().equals(TaskRef.SYNC)) {
            return new TaskPoll(task, true, true, null);
        }
        TaskStatus status = TaskPoller.check("restore task " + task.taskId() + " into " + run.targetRepository(),
                lakefs.restoreStatus(run.targetRepository(), task.taskId()), services.clock().instant(),
                services.settings().taskTimeout());
        return new TaskPoll(task, status.done(), true, status.updateTime().toString());
    }

    /** Re-applies what a lakeFS dump omits: branch protection rules, repository metadata and hidden flags. */
    public RestoreRun applySettings(RestoreRun run) {
        Manifest manifest = manifest(run);
        String repo = run.targetRepository();
        if (!manifest.branchProtectionRules().isEmpty()) {
            lakefs.setBranchProtectionRules(repo, manifest.branchProtectionRules());
        }
        if (!manifest.repositoryMetadata().isEmpty()) {
            lakefs.setRepositoryMetadata(repo, manifest.repositoryMetadata());
        }
        Set<String> visible = new HashSet<>();
        try (Stream<NamedRef> s = lakefs.listBranches(repo, false)) {
            s.forEach(b -> visible.add(b.name()));
        }
        for (Manifest.Branch b : manifest.branches()) {
            if (b.hidden() && visible.contains(b.name()) && !b.name().equals(manifest.repository().defaultBranch())) {
                lakefs.deleteBranch(repo, b.name());
                lakefs.createBranch(repo, b.name(), b.commitId(), true);
            }
        }
        LOG.info("re-applied {} protection rule(s), {} metadata key(s) and hidden flags on {}",
                manifest.branchProtectionRules().size(), manifest.repositoryMetadata().size(), repo);
        return run;
    }

    /**
     * Checks the restored repository against the manifest: every branch head (and hidden flag), every tag, the
     * commit count, and a sample of objects on each branch head read back whole. VERIFICATION_FAILED names what
     * differs.
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
        return new RestoreVerification(repo, run.generation(), actual.branches().size(), actual.tags().size(),
                commits, sampled);
    }

    /**
     * After a failed restore, deletes the target repository record if this run created it, so the restore can be
     * retried; copied data is kept (lakeFS never deletes storage with a repository).
     *
     * @return whether a repository was deleted
     */
    public boolean cleanupFailedRestore(RestoreRun run) {
        RunScratch scratch = new RunScratch(services.storage(), run.run());
        if (scratch.read("created.json", RestoreRun.class).isEmpty()) {
            LOG.info("restore run {} did not create {}; nothing to clean up", run.run().runId(), run.targetRepository());
            return false;
        }
        Optional<RepositoryInfo> repo = lakefs.getRepository(run.targetRepository());
        if (repo.isEmpty() || !repo.get().storageNamespace().equals(run.targetNamespace())) {
            return false;
        }
        lakefs.deleteRepository(run.targetRepository(), true);
        scratch.deleteAll();
        LOG.info("deleted the partially restored repository {}; its namespace keeps the copied objects",
                run.targetRepository());
        return true;
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

    private void requireResumable(RepositoryInfo repo, Manifest manifest, String targetNamespace) {
        boolean bare;
        try (Stream<NamedRef> branches = lakefs.listBranches(repo.name(), true)) {
            bare = branches.findAny().isEmpty();
        }
        if (!bare) {
            throw ErrorCode.CONFLICT.exception("repository '" + repo.name() + "' already exists and is not bare; "
                    + "restore under another name or delete it first");
        }
        if (!repo.defaultBranch().equals(manifest.repository().defaultBranch())) {
            throw ErrorCode.CONFLICT.exception("bare repository '" + repo.name() + "' has default branch '"
                    + repo.defaultBranch() + "' but the backup's is '" + manifest.repository().defaultBranch()
                    + "'; lakeFS would restore an empty-looking repository (lakeFS#3748)");
        }
        if (!repo.storageNamespace().equals(targetNamespace)) {
            throw ErrorCode.CONFLICT.exception("bare repository '" + repo.name() + "' uses namespace "
                    + repo.storageNamespace() + ", not " + targetNamespace);
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
}
