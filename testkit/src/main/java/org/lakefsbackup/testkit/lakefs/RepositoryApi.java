package org.lakefsbackup.testkit.lakefs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.lakefsbackup.core.error.LakeFsBackupException;

/** Server info, repositories, branches, tags, commits, branch protection and repository metadata. */
final class RepositoryApi {
    private static final Pattern NAMESPACE = Pattern.compile("^(s3|gs|https?|mem|local|transient)://.*$");

    private final EmulatorState state;
    private final Controls controls;
    private final Actions actions;

    RepositoryApi(EmulatorState state, Actions actions) {
        this.state = state;
        this.controls = state.controls;
        this.actions = actions;
    }

    void register(Router r) {
        r.add("GET", "/healthcheck", false, null, req -> Reply.empty(204));
        r.add("GET", "/setup_lakefs", false, null, req -> Reply.ok(Map.of("state", "initialized")));
        r.add("GET", "/config", req -> Reply.ok(Map.of("version_config", versionConfig(),
                "storage_config", storageConfig(), "storage_config_list", List.of(storageConfig()))));
        r.add("GET", "/config/version", req -> Reply.ok(versionConfig()));
        r.add("GET", "/config/storage", req -> Reply.ok(storageConfig()));

        r.add("POST", "/repositories", this::createRepository);
        r.add("GET", "/repositories", this::listRepositories);
        r.add("GET", "/repositories/{repository}", req -> Reply.ok(Dto.Repository.of(repo(req))));
        r.add("DELETE", "/repositories/{repository}", this::deleteRepository);

        r.add("POST", "/repositories/{repository}/branches", this::createBranch);
        r.add("GET", "/repositories/{repository}/branches", this::listBranches);
        r.add("GET", "/repositories/{repository}/branches/{branch}", req -> {
            BranchState b = state.branch(repo(req), req.path("branch"));
            return Reply.ok(new Dto.Ref(b.name, b.commitId));
        });
        r.add("DELETE", "/repositories/{repository}/branches/{branch}", this::deleteBranch);

        r.add("POST", "/repositories/{repository}/branches/{branch}/commits", this::commit);
        r.add("GET", "/repositories/{repository}/commits/{commitId}",
                req -> Reply.ok(Dto.Commit.of(state.commit(repo(req), req.path("commitId")))));
        r.add("GET", "/repositories/{repository}/refs/{ref}/commits", this::logCommits);

        r.add("POST", "/repositories/{repository}/tags", this::createTag);
        r.add("GET", "/repositories/{repository}/tags", req -> {
            RepoState repo = repo(req);
            List<Dto.Ref> tags = repo.tags.entrySet().stream().map(e -> new Dto.Ref(e.getKey(), e.getValue()))
                    .toList();
            return Reply.ok(Listing.page(tags, Dto.Ref::id, req.query("prefix"), req.query("after"), null,
                    req.queryInt("amount"), null));
        });
        r.add("GET", "/repositories/{repository}/tags/{tag}", req -> {
            RepoState repo = repo(req);
            String commit = repo.tags.get(req.path("tag"));
            if (commit == null) {
                throw ApiError.notFound("tag not found");
            }
            return Reply.ok(new Dto.Ref(req.path("tag"), commit));
        });
        r.add("DELETE", "/repositories/{repository}/tags/{tag}", req -> {
            RepoState repo = repo(req);
            if (repo.readOnly && !req.queryFlag("force")) {
                throw ApiError.forbidden("read-only repository");
            }
            if (repo.tags.remove(req.path("tag")) == null) {
                throw ApiError.notFound("tag not found");
            }
            return Reply.empty(204);
        });

        r.add("GET", "/repositories/{repository}/settings/branch_protection", this::getProtection);
        r.add("PUT", "/repositories/{repository}/settings/branch_protection", this::setProtection);
        r.add("GET", "/repositories/{repository}/settings/gc_rules", this::getGcRules);
        r.add("PUT", "/repositories/{repository}/settings/gc_rules", this::setGcRules);
        r.add("DELETE", "/repositories/{repository}/settings/gc_rules", req -> {
            RepoState repo = repo(req);
            state.namespaces.delete(repo.namespace, NamespaceStore.GC_RULES_KEY);
            return Reply.empty(204);
        });
        r.add("GET", "/repositories/{repository}/metadata", req -> Reply.ok(new TreeMap<>(repo(req).metadata)));
        r.add("POST", "/repositories/{repository}/metadata", req -> {
            RepoState repo = repo(req);
            repo.metadata.putAll(Json.stringMap(req.json(), "metadata"));
            return Reply.empty(204);
        });
        r.add("DELETE", "/repositories/{repository}/metadata", req -> {
            RepoState repo = repo(req);
            req.json().path("keys").forEach(k -> repo.metadata.remove(k.asText()));
            return Reply.empty(204);
        });
    }

    private RepoState repo(ApiRequest req) {
        return state.repo(req.path("repository"));
    }

    private Map<String, Object> versionConfig() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("version", controls.version());
        v.put("upgrade_recommended", false);
        return v;
    }

    private Map<String, Object> storageConfig() {
        Blockstore b = controls.blockstore;
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("blockstore_type", b.type());
        s.put("blockstore_namespace_ValidityRegex", b.validityRegex().pattern());
        s.put("blockstore_namespace_example", b.example());
        s.put("default_namespace_prefix", "");
        s.put("pre_sign_support", false);
        s.put("pre_sign_support_ui", false);
        s.put("import_support", true);
        s.put("import_validity_regex", b.validityRegex().pattern());
        s.put("pre_sign_multipart_upload", false);
        s.put("blockstore_id", "");
        return s;
    }

    // ---- repositories

    private Reply createRepository(ApiRequest req) {
        JsonNode body = req.json();
        String name = Json.requiredText(body, "name");
        String namespace = Json.requiredText(body, "storage_namespace");
        if (!EmulatorState.REPOSITORY_NAME.matcher(name).matches()) {
            throw ApiError.badRequest("request body has an error: doesn't match schema #/components/schemas/"
                    + "RepositoryCreation: Error at \"/name\": string doesn't match the regular expression \""
                    + EmulatorState.REPOSITORY_NAME.pattern() + "\"");
        }
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw ApiError.badRequest("request body has an error: doesn't match schema #/components/schemas/"
                    + "RepositoryCreation: Error at \"/storage_namespace\": string doesn't match the regular "
                    + "expression \"" + NAMESPACE.pattern() + "\"");
        }
        String defaultBranch = Json.optionalText(body, "default_branch");
        defaultBranch = defaultBranch == null || defaultBranch.isEmpty() ? "main" : defaultBranch;
        boolean readOnly = Json.optionalBoolean(body, "read_only");
        boolean bare = req.queryFlag("bare");
        if (state.repos.containsKey(name)) {
            throw ApiError.conflict("error creating repository: not unique");
        }
        String storageId = Json.optionalText(body, "storage_id");
        if (storageId != null && !storageId.isEmpty()) {
            throw ApiError.badRequest("storage id: invalid value");
        }
        if (!controls.blockstore.accepts(namespace)) {
            throw ApiError.badRequest("failed to match required regex " + controls.blockstore.validityRegex().pattern()
                    + ": invalid namespace");
        }
        if (!EmulatorState.BRANCH_NAME.matcher(defaultBranch).matches()) {
            throw ApiError.badRequest("default branch: invalid value: " + defaultBranch);
        }
        if ((!bare || controls.bareChecksDummy()) && !readOnly) {
            ensureStorageNamespace(namespace);
        }
        RepoState repo = new RepoState(name, namespace, defaultBranch, "", readOnly, controls.nowSeconds());
        if (!bare) {
            CommitRecord first = CommitRecord.create(controls.committer, "Repository created", controls.nowSeconds(),
                    "", Map.of(), List.of(), 1);
            repo.commits.put(first.id(), first);
            repo.branches.put(defaultBranch, new BranchState(defaultBranch, first.id(), false));
        }
        state.repos.put(name, repo);
        return Reply.created(Dto.Repository.of(repo));
    }

    /** lakeFS's {@code ensureStorageNamespace}: refuse a namespace already used by lakeFS, then mark it. */
    private void ensureStorageNamespace(String namespace) {
        try {
            NamespaceStore ns = state.namespaces;
            for (String key : List.of(NamespaceStore.ROOT_DUMMY_KEY, NamespaceStore.DUMMY_KEY)) {
                if (ns.exists(namespace, key)) {
                    throw ApiError.badRequest("failed to create repository: found lakeFS objects in the storage ("
                            + namespace + ") key(" + key + "): storage namespace already in use");
                }
            }
            ns.putIfAbsent(namespace, NamespaceStore.DUMMY_KEY, NamespaceStore.DUMMY_CONTENT);
        } catch (LakeFsBackupException e) {
            throw ApiError.badRequest("failed to create repository: failed to access storage: " + e.getMessage());
        }
    }

    private Reply listRepositories(ApiRequest req) {
        String search = req.query("search");
        List<RepoState> repos = state.repos.values().stream()
                .filter(r -> search == null || search.isEmpty() || r.name.contains(search)).toList();
        Dto.PagedList<RepoState> page = Listing.page(repos, r -> r.name, req.query("prefix"), req.query("after"),
                null, req.queryInt("amount"), null);
        return Reply.ok(new Dto.PagedList<>(page.pagination(),
                page.results().stream().map(Dto.Repository::of).toList()));
    }

    private Reply deleteRepository(ApiRequest req) {
        RepoState repo = repo(req);
        if (repo.readOnly && !req.queryFlag("force")) {
            throw ApiError.forbidden("read-only repository");
        }
        state.repos.remove(repo.name);
        return Reply.empty(204);
    }

    // ---- GC rules: kept in the namespace, so a namespace copy carries them, as in lakeFS

    private Reply getGcRules(ApiRequest req) {
        RepoState repo = repo(req);
        byte[] rules = state.namespaces.get(repo.namespace, NamespaceStore.GC_RULES_KEY)
                .orElseThrow(() -> ApiError.notFound("not found"));
        return new Reply(200, "application/json", rules, Map.of());
    }

    private Reply setGcRules(ApiRequest req) {
        RepoState repo = repo(req);
        JsonNode body = req.json();
        Long defaultDays = Json.optionalLong(body, "default_retention_days");
        if (defaultDays == null || !body.path("branches").isArray()) {
            throw ApiError.badRequest("request body has an error: doesn't match schema: default_retention_days and "
                    + "branches are required");
        }
        Map<String, Object> rules = new java.util.LinkedHashMap<>();
        rules.put("default_retention_days", defaultDays);
        List<Map<String, Object>> branches = new java.util.ArrayList<>();
        for (JsonNode b : body.path("branches")) {
            branches.add(Map.of("branch_id", Json.requiredText(b, "branch_id"), "retention_days",
                    b.path("retention_days").asLong()));
        }
        rules.put("branches", branches);
        state.namespaces.put(repo.namespace, NamespaceStore.GC_RULES_KEY, Json.write(rules));
        return Reply.empty(204);
    }

    // ---- branches

    private Reply createBranch(ApiRequest req) {
        RepoState repo = repo(req);
        JsonNode body = req.json();
        String name = Json.requiredText(body, "name");
        String source = Json.requiredText(body, "source");
        if (!EmulatorState.BRANCH_NAME.matcher(name).matches()) {
            throw ApiError.badRequest("branch name: invalid value: " + name);
        }
        if (repo.readOnly && !Json.optionalBoolean(body, "force")) {
            throw ApiError.forbidden("read-only repository");
        }
        if (repo.branches.containsKey(name)) {
            throw ApiError.conflict("branch already exists: not unique");
        }
        CommitRecord head = state.resolve(repo, source).commit();
        repo.branches.put(name, new BranchState(name, head.id(), Json.optionalBoolean(body, "hidden")));
        return Reply.text(201, head.id());
    }

    private Reply listBranches(ApiRequest req) {
        RepoState repo = repo(req);
        boolean showHidden = req.queryFlag("show_hidden");
        List<Dto.Ref> refs = repo.branches.values().stream().filter(b -> showHidden || !b.hidden)
                .map(b -> new Dto.Ref(b.name, b.commitId)).toList();
        return Reply.ok(Listing.page(refs, Dto.Ref::id, req.query("prefix"), req.query("after"), null,
                req.queryInt("amount"), null));
    }

    private Reply deleteBranch(ApiRequest req) {
        RepoState repo = repo(req);
        BranchState branch = state.branch(repo, req.path("branch"));
        if (branch.name.equals(repo.defaultBranch)) {
            throw ApiError.forbidden("cannot delete repository default branch");
        }
        if (repo.readOnly && !req.queryFlag("force")) {
            throw ApiError.forbidden("read-only repository");
        }
        if (repo.isProtected(branch.name)) {
            throw ApiError.forbidden("cannot write to protected branch");
        }
        repo.branches.remove(branch.name);
        return Reply.empty(204);
    }

    // ---- commits

    private Reply commit(ApiRequest req) {
        RepoState repo = repo(req);
        JsonNode body = req.json();
        String message = Json.requiredText(body, "message");
        if (repo.isProtected(req.path("branch")) && repo.branches.containsKey(req.path("branch"))) {
            throw ApiError.forbidden("cannot commit to protected branch");
        }
        BranchState branch = state.writableBranch(repo, req.path("branch"), Json.optionalBoolean(body, "force"));
        if (controls.preCommitFails(branch.name)) {
            throw ApiError.preconditionFailed("pre-commit hook aborted, run id '" + IdGenerator.runId()
                    + "': 1 error occurred:\n\t* hook run id '0000_0000' failed on action 'emulated' hook "
                    + "'pre_commit_check': emulated pre-commit failure");
        }
        if (branch.staging.isEmpty() && !Json.optionalBoolean(body, "allow_empty")) {
            throw ApiError.badRequest("commit: no changes");
        }
        CommitRecord parent = state.commit(repo, branch.commitId);
        TreeMap<String, Entry> tree = state.committedTree(repo, parent);
        EmulatorState.applyStaging(tree, branch);
        String metaRangeId = state.namespaces.writeTree(repo.namespace, tree.values());
        Long date = Json.optionalLong(body, "date");
        CommitRecord commit = CommitRecord.create(controls.committer, message,
                date == null ? controls.nowSeconds() : date, metaRangeId, Json.stringMap(body, "metadata"),
                List.of(parent.id()), parent.generation() + 1);
        repo.commits.put(commit.id(), commit);
        branch.commitId = commit.id();
        branch.staging.clear();
        actions.afterCommit(repo, branch.name, commit, tree);
        return Reply.created(Dto.Commit.of(commit));
    }

    private Reply logCommits(ApiRequest req) {
        RepoState repo = repo(req);
        CommitRecord head = state.resolve(repo, req.path("ref")).commit();
        List<Dto.Commit> log = ancestry(repo, head).stream().map(Dto.Commit::of).toList();
        String after = req.query("after");
        int start = 0;
        if (after != null && !after.isEmpty()) {
            for (int i = 0; i < log.size(); i++) {
                if (log.get(i).id().equals(after)) {
                    start = i + 1;
                    break;
                }
            }
        }
        int limit = Listing.amount(req.queryInt("amount"));
        List<Dto.Commit> page = log.subList(start, Math.min(log.size(), start + limit));
        boolean more = start + limit < log.size();
        String next = more ? page.get(page.size() - 1).id() : "";
        return Reply.ok(new Dto.PagedList<>(new Dto.Pagination(more, next, page.size(), Listing.MAX_PER_PAGE), page));
    }

    /** All ancestors of a commit, newest first (by creation date, then generation). */
    private List<CommitRecord> ancestry(RepoState repo, CommitRecord head) {
        List<CommitRecord> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Deque<CommitRecord> todo = new ArrayDeque<>(List.of(head));
        while (!todo.isEmpty()) {
            CommitRecord c = todo.pop();
            if (!seen.add(c.id())) {
                continue;
            }
            out.add(c);
            for (String p : c.parents()) {
                CommitRecord parent = repo.commits.get(p);
                if (parent != null) {
                    todo.push(parent);
                }
            }
        }
        out.sort(Comparator.comparingLong(CommitRecord::creationDate).thenComparingLong(CommitRecord::generation)
                .reversed());
        return out;
    }

    // ---- tags

    private Reply createTag(ApiRequest req) {
        RepoState repo = repo(req);
        JsonNode body = req.json();
        String id = Json.requiredText(body, "id");
        String ref = Json.requiredText(body, "ref");
        if (!validTagId(id)) {
            throw ApiError.badRequest("tag id: invalid value: " + id);
        }
        boolean force = Json.optionalBoolean(body, "force");
        if (repo.readOnly && !force) {
            throw ApiError.forbidden("read-only repository");
        }
        if (repo.tags.containsKey(id) && !force) {
            throw ApiError.conflict("tag already exists: not unique");
        }
        CommitRecord commit = state.resolve(repo, ref).commit();
        repo.tags.put(id, commit.id());
        return Reply.created(new Dto.Ref(id, commit.id()));
    }

    private static boolean validTagId(String id) {
        if (id.isEmpty() || id.equals("@") || id.endsWith(".") || id.endsWith(".lock") || id.contains("..")
                || id.contains("/") || id.contains("@{")) {
            return false;
        }
        return id.chars().noneMatch(c -> c <= ' ' || c == 0x7f || "^:?*[\\".indexOf(c) >= 0);
    }

    // ---- settings

    private Reply getProtection(ApiRequest req) {
        RepoState repo = repo(req);
        List<Dto.BranchProtectionRule> rules = repo.protectionRules.stream().map(Dto.BranchProtectionRule::new)
                .toList();
        return Reply.ok(rules).withHeader("ETag", protectionEtag(repo));
    }

    private Reply setProtection(ApiRequest req) {
        RepoState repo = repo(req);
        String ifMatch = req.header("If-Match");
        if (ifMatch != null && !ifMatch.isEmpty() && !ifMatch.equals(protectionEtag(repo))) {
            throw ApiError.preconditionFailed("precondition failed");
        }
        JsonNode body = req.json();
        if (!body.isArray()) {
            throw ApiError.badRequest("request body has an error: value must be an array");
        }
        List<String> patterns = new ArrayList<>();
        body.forEach(rule -> patterns.add(Json.requiredText(rule, "pattern")));
        repo.protectionRules.clear();
        repo.protectionRules.addAll(patterns);
        return Reply.empty(204);
    }

    private static String protectionEtag(RepoState repo) {
        return "\"" + CommitIds.sha256Hex(String.join("\n", repo.protectionRules).getBytes(
                java.nio.charset.StandardCharsets.UTF_8)) + "\"";
    }
}
