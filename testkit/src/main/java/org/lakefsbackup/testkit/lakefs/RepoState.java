package org.lakefsbackup.testkit.lakefs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lakefsbackup.core.store.KeyOrder;

/** One repository's metadata (what lakeFS keeps in its KV store). Guarded by the emulator's state lock. */
final class RepoState {
    final String name;
    final String namespace;
    final String defaultBranch;
    final String storageId;
    final boolean readOnly;
    final long creationDate;
    final TreeMap<String, BranchState> branches = new TreeMap<>(KeyOrder.COMPARATOR);
    final TreeMap<String, String> tags = new TreeMap<>(KeyOrder.COMPARATOR);
    final Map<String, CommitRecord> commits = new HashMap<>();
    final List<String> protectionRules = new ArrayList<>();
    final TreeMap<String, String> metadata = new TreeMap<>();
    final Map<String, TaskRecord> tasks = new HashMap<>();
    /** Action runs by run id (newest first). */
    final TreeMap<String, Dto.ActionRun> actionRuns = new TreeMap<>(KeyOrder.COMPARATOR);

    RepoState(String name, String namespace, String defaultBranch, String storageId, boolean readOnly,
            long creationDate) {
        this.name = name;
        this.namespace = namespace;
        this.defaultBranch = defaultBranch;
        this.storageId = storageId;
        this.readOnly = readOnly;
        this.creationDate = creationDate;
    }

    boolean isProtected(String branch) {
        return protectionRules.stream().anyMatch(p -> Glob.matches(p, branch));
    }
}
