package org.lakefsbackup.testkit.lakefs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Refs dump and restore: the synchronous internal API ({@code PUT refs/dump}, {@code PUT refs/restore}) and the
 * asynchronous one (since 1.3.0: {@code POST/GET dump}, {@code POST/GET restore}) whose tasks run in the background.
 */
final class RefsApi implements AutoCloseable {
    static final String ASYNC_SINCE = "1.3.0";
    private static final String DUMP_PREFIX = "DR";
    private static final String RESTORE_PREFIX = "RR";

    private record CommitsDocument(String type, List<CommitRecord> commits) {
    }

    private record RefsDocument(String type, List<Dto.Ref> refs) {
    }

    /** One step of a task, run under the state lock; it may record results on the task. */
    @FunctionalInterface
    private interface Step {
        void run(TaskRecord task);
    }

    private final EmulatorState state;
    private final ExecutorService workers = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "lakefs-emulator-task");
        t.setDaemon(true);
        return t;
    });

    RefsApi(EmulatorState state) {
        this.state = state;
    }

    void register(Router r) {
        r.add("PUT", "/repositories/{repository}/refs/dump", this::dumpSync);
        r.add("PUT", "/repositories/{repository}/refs/restore", this::restoreSync);
        r.add("POST", "/repositories/{repository}/dump", true, ASYNC_SINCE, this::dumpSubmit);
        r.add("GET", "/repositories/{repository}/dump", true, ASYNC_SINCE, req -> {
            TaskRecord t = task(req, DUMP_PREFIX);
            return Reply.ok(new Dto.DumpStatus(t.id, t.done, t.updateTime.toString(), t.error,
                    t.done ? t.refs : null));
        });
        r.add("POST", "/repositories/{repository}/restore", true, ASYNC_SINCE, this::restoreSubmit);
        r.add("GET", "/repositories/{repository}/restore", true, ASYNC_SINCE, req -> {
            TaskRecord t = task(req, RESTORE_PREFIX);
            return Reply.ok(new Dto.RestoreStatus(t.id, t.done, t.updateTime.toString(), t.error));
        });
    }

    // ---- synchronous (internal) API

    private Reply dumpSync(ApiRequest req) {
        RepoState repo = state.repo(req.path("repository"));
        RefsIds ids = new RefsIds(dumpCommits(repo), dumpTags(repo), dumpBranches(repo));
        Map<String, String> manifest = Map.of("commits_meta_range_id", ids.commitsMetaRangeId(),
                "tags_meta_range_id", ids.tagsMetaRangeId(), "branches_meta_range_id", ids.branchesMetaRangeId());
        try {
            state.namespaces.put(repo.namespace, NamespaceStore.REFS_MANIFEST_KEY,
                    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return Reply.created(ids);
    }

    private Reply restoreSync(ApiRequest req) {
        RepoState repo = state.repo(req.path("repository"));
        JsonNode body = req.json();
        RefsIds ids = checkRestorable(repo, body);
        checkWritable(repo, body);
        try {
            loadCommits(repo, ids.commitsMetaRangeId());
            loadBranches(repo, ids.branchesMetaRangeId());
            loadTags(repo, ids.tagsMetaRangeId());
        } catch (ApiError e) {
            throw e.status() == 410 ? ApiError.noData() : e;
        }
        return Reply.empty(200);
    }

    // ---- asynchronous API

    private Reply dumpSubmit(ApiRequest req) {
        RepoState repo = state.repo(req.path("repository"));
        return submit(repo, "dump", DUMP_PREFIX, List.of(
                t -> t.refs = new RefsIds(dumpCommits(repo), null, null),
                t -> t.refs = new RefsIds(t.refs.commitsMetaRangeId(), null, dumpBranches(repo)),
                t -> t.refs = new RefsIds(t.refs.commitsMetaRangeId(), dumpTags(repo),
                        t.refs.branchesMetaRangeId())));
    }

    private Reply restoreSubmit(ApiRequest req) {
        RepoState repo = state.repo(req.path("repository"));
        JsonNode body = req.json();
        RefsIds ids = checkRestorable(repo, body);
        // lakeFS checks read-only in the task's first step, not at submit: the task fails, the submit is 202.
        return submit(repo, "restore", RESTORE_PREFIX, List.of(
                t -> checkWritable(repo, body),
                t -> loadCommits(repo, ids.commitsMetaRangeId()),
                t -> loadBranches(repo, ids.branchesMetaRangeId()),
                t -> loadTags(repo, ids.tagsMetaRangeId())));
    }

    private Reply submit(RepoState repo, String kind, String prefix, List<Step> steps) {
        TaskRecord task = new TaskRecord(IdGenerator.taskId(prefix), state.controls.clock.instant());
        TaskHook.Plan plan = state.controls.taskSubmitted(kind, repo.name);
        switch (plan.fate()) {
            case LOSE -> {
                // accepted, then its node died at once: the id is never known to a status call
            }
            case STALL -> repo.tasks.put(task.id, task); // never runs: done stays false, update_time stays put
            case RUN -> {
                repo.tasks.put(task.id, task);
                workers.execute(() -> run(task, steps, plan.beforeRun()));
            }
        }
        return Reply.json(202, new Dto.TaskInfo(task.id));
    }

    private void run(TaskRecord task, List<Step> steps, Runnable beforeRun) {
        if (beforeRun != null) {
            beforeRun.run();
        }
        Duration delay = state.controls.taskDelay();
        try {
            if (!delay.isZero()) {
                Thread.sleep(delay.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        synchronized (state.lock) {
            for (Step step : steps) {
                try {
                    step.run(task);
                } catch (RuntimeException e) {
                    task.error = e.getMessage();
                    task.done = true;
                }
                task.updateTime = state.controls.clock.instant();
                if (task.done) {
                    return;
                }
            }
            task.done = true;
        }
    }

    private TaskRecord task(ApiRequest req, String prefix) {
        RepoState repo = state.repo(req.path("repository"));
        String id = req.requiredQuery("task_id");
        TaskRecord t = repo.tasks.get(id);
        if (state.controls.tasksLost() || id.length() != prefix.length() + 20 || !id.startsWith(prefix) || t == null) {
            throw ApiError.notFound("task not found");
        }
        return t;
    }

    /** A restore into a read-only repository needs {@code force}. */
    private static void checkWritable(RepoState repo, JsonNode body) {
        if (repo.readOnly && !Json.optionalBoolean(body, "force")) {
            throw ApiError.forbidden("read-only repository");
        }
    }

    /** The bare check (default branch must have no commits), done at submit time. */
    private static RefsIds checkRestorable(RepoState repo, JsonNode body) {
        RefsIds ids = new RefsIds(Json.requiredText(body, "commits_meta_range_id"),
                Json.requiredText(body, "tags_meta_range_id"), Json.requiredText(body, "branches_meta_range_id"));
        if (repo.branches.containsKey(repo.defaultBranch)) {
            throw ApiError.badRequest("can only restore into a bare repository");
        }
        return ids;
    }

    // ---- dump steps: content-addressed documents in the source namespace

    private String dumpCommits(RepoState repo) {
        List<CommitRecord> commits = new ArrayList<>(repo.commits.values());
        commits.sort(Comparator.comparing(CommitRecord::id));
        return state.namespaces.writeDocument(repo.namespace, Json.write(new CommitsDocument("commits", commits)));
    }

    private String dumpBranches(RepoState repo) {
        List<Dto.Ref> refs = repo.branches.values().stream().map(b -> new Dto.Ref(b.name, b.commitId)).toList();
        return state.namespaces.writeDocument(repo.namespace, Json.write(new RefsDocument("branches", refs)));
    }

    private String dumpTags(RepoState repo) {
        List<Dto.Ref> refs = repo.tags.entrySet().stream().map(e -> new Dto.Ref(e.getKey(), e.getValue())).toList();
        return state.namespaces.writeDocument(repo.namespace, Json.write(new RefsDocument("tags", refs)));
    }

    // ---- restore steps: read from the target repository's namespace

    private void loadCommits(RepoState repo, String id) {
        if (id.isEmpty()) {
            return;
        }
        CommitsDocument doc = read(repo, id, "commits", CommitsDocument.class);
        for (CommitRecord c : doc.commits()) {
            if (c.generation() == 0) {
                throw ApiError.badRequest("dumps created by lakeFS versions before v0.61.0 are no longer supported: "
                        + "no commit generation");
            }
            String computed = CommitIds.compute(c);
            if (!computed.equals(c.id())) {
                throw ApiError.badRequest("commit ID does not match for " + c.id() + ": commit id: invalid value: "
                        + computed);
            }
            repo.commits.putIfAbsent(c.id(), c);
        }
    }

    private void loadBranches(RepoState repo, String id) {
        if (id.isEmpty()) {
            return;
        }
        for (Dto.Ref ref : read(repo, id, "branches", RefsDocument.class).refs()) {
            repo.branches.put(ref.id(), new BranchState(ref.id(), ref.commitId(), false));
        }
    }

    private void loadTags(RepoState repo, String id) {
        if (id.isEmpty()) {
            return;
        }
        for (Dto.Ref ref : read(repo, id, "tags", RefsDocument.class).refs()) {
            if (repo.tags.containsKey(ref.id())) {
                throw ApiError.conflict("tag already exists: not unique");
            }
            repo.tags.put(ref.id(), ref.commitId());
        }
    }

    private <T> T read(RepoState repo, String id, String type, Class<T> docClass) {
        // lakeFS 1.84 fails a restore whose dump sstable is missing (or whose id names none) with "No data".
        byte[] bytes = state.namespaces.readDocument(repo.namespace, id).orElseThrow(ApiError::noData);
        try {
            JsonNode node = Json.MAPPER.readTree(bytes);
            if (!type.equals(node.path("type").asText())) {
                throw ApiError.badRequest("load " + type + ": metarange " + id + " is not a " + type + " dump");
            }
            return Json.MAPPER.treeToValue(node, docClass);
        } catch (IOException e) {
            throw ApiError.badRequest("load " + type + ": metarange " + id + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
