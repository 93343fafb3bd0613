package org.lakefsbackup.testkit.lakefs;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.lakefsbackup.core.store.KeyOrder;

/**
 * All repositories plus the lookups every handler shares: repositories, branches, commits, ref resolution and the
 * tree a ref shows. Callers hold {@link #lock}.
 */
final class EmulatorState {
    static final Pattern REPOSITORY_NAME = Pattern.compile("^[a-z0-9][a-z0-9-]{2,62}$");
    static final Pattern BRANCH_NAME = Pattern.compile("^\\w[-\\w]*$");
    private static final Pattern COMMIT_ID = Pattern.compile("^[0-9a-f]{6,64}$");

    /** A resolved ref: a commit, and the branch when the ref named one (whose staging then counts). */
    record Resolved(CommitRecord commit, BranchState branch) {
    }

    final Object lock = new Object();
    final TreeMap<String, RepoState> repos = new TreeMap<>(KeyOrder.COMPARATOR);
    final Controls controls;
    final NamespaceStore namespaces;

    EmulatorState(Controls controls, NamespaceStore namespaces) {
        this.controls = controls;
        this.namespaces = namespaces;
    }

    RepoState repo(String name) {
        if (name == null || !REPOSITORY_NAME.matcher(name).matches()) {
            throw ApiError.badRequest("repository: invalid value: " + name);
        }
        RepoState r = repos.get(name);
        if (r == null) {
            throw ApiError.notFound("repository not found");
        }
        return r;
    }

    BranchState branch(RepoState repo, String name) {
        BranchState b = repo.branches.get(name);
        if (b == null) {
            throw ApiError.notFound("branch not found");
        }
        return b;
    }

    /** A branch that may be written: exists, repository not read-only, branch not protected. */
    BranchState writableBranch(RepoState repo, String name) {
        return writableBranch(repo, name, false);
    }

    /** A branch that takes writes: {@code force} writes into a read-only repository, as lakeFS's force flags do. */
    BranchState writableBranch(RepoState repo, String name, boolean force) {
        BranchState b = branch(repo, name);
        if (repo.readOnly && !force) {
            throw ApiError.forbidden("read-only repository");
        }
        if (repo.isProtected(name)) {
            throw ApiError.forbidden("cannot write to protected branch");
        }
        return b;
    }

    CommitRecord commit(RepoState repo, String id) {
        CommitRecord c = repo.commits.get(id);
        if (c == null) {
            throw ApiError.notFound("commit not found");
        }
        return c;
    }

    /** Resolves a branch, tag or (possibly abbreviated) commit id, in that order. */
    Resolved resolve(RepoState repo, String ref) {
        BranchState b = repo.branches.get(ref);
        if (b != null) {
            return new Resolved(commit(repo, b.commitId), b);
        }
        String tagged = repo.tags.get(ref);
        if (tagged != null) {
            return new Resolved(commit(repo, tagged), null);
        }
        if (COMMIT_ID.matcher(ref).matches()) {
            CommitRecord exact = repo.commits.get(ref);
            if (exact != null) {
                return new Resolved(exact, null);
            }
            List<CommitRecord> candidates = new ArrayList<>();
            for (CommitRecord c : repo.commits.values()) {
                if (c.id().startsWith(ref)) {
                    candidates.add(c);
                }
            }
            if (candidates.size() == 1) {
                return new Resolved(candidates.get(0), null);
            }
        }
        throw ApiError.notFound("ref not found: " + ref);
    }

    /** The committed tree of a commit, read from the repository's namespace (410 if its metarange is missing). */
    TreeMap<String, Entry> committedTree(RepoState repo, CommitRecord commit) {
        return namespaces.readTree(repo.namespace, commit.metaRangeId());
    }

    /** What a ref shows: the committed tree, with the branch's staged changes applied when the ref is a branch. */
    TreeMap<String, Entry> view(RepoState repo, Resolved ref) {
        TreeMap<String, Entry> tree = committedTree(repo, ref.commit());
        if (ref.branch() != null) {
            applyStaging(tree, ref.branch());
        }
        return tree;
    }

    static void applyStaging(TreeMap<String, Entry> tree, BranchState branch) {
        branch.staging.forEach((path, entry) -> {
            if (entry == null) {
                tree.remove(path);
            } else {
                tree.put(path, entry);
            }
        });
    }
}
