package org.lakefsbackup.testkit.lakefs;

import java.util.TreeMap;
import org.lakefsbackup.core.store.KeyOrder;

/** A branch: its head commit, visibility and staging area. Guarded by the emulator's state lock. */
final class BranchState {
    final String name;
    String commitId;
    boolean hidden;
    /** Staged changes by path; a {@code null} value is a staged deletion (tombstone). */
    final TreeMap<String, Entry> staging = new TreeMap<>(KeyOrder.COMPARATOR);

    BranchState(String name, String commitId, boolean hidden) {
        this.name = name;
        this.commitId = commitId;
        this.hidden = hidden;
    }
}
