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

    /** What {@link #sameRefs} compares, as a SHA-256 digest (64 hex digits). */
    String refsDigest() {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            md.update(org.lakefsbackup.core.model.Json.write(branches));
            md.update((byte) 0);
            md.update(org.lakefsbackup.core.model.Json.write(tags));
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Same branch heads and tags (settings may change without affecting the dump). */
    boolean sameRefs(RefsSnapshot other) {
        return branches.equals(other.branches) && tags.equals(other.tags);
    }
}
