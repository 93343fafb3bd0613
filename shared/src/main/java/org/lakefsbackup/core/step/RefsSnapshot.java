package org.lakefsbackup.core.step;

import java.util.List;
import java.util.Map;
import org.lakefsbackup.core.model.Manifest;

/** Branches (with hidden flags), tags and settings of a repository at one moment: the run's {@code refs-*.json}. */
record RefsSnapshot(List<Manifest.Branch> branches, List<Manifest.Tag> tags, List<String> protectionRules,
                    Map<String, String> metadata) {
    RefsSnapshot {
        branches = List.copyOf(branches);
        tags = List.copyOf(tags);
        protectionRules = List.copyOf(protectionRules);
        metadata = Map.copyOf(metadata);
    }

    /** Same branch heads and tags (settings may change without affecting the dump). */
    boolean sameRefs(RefsSnapshot other) {
        return branches.equals(other.branches) && tags.equals(other.tags);
    }
}
