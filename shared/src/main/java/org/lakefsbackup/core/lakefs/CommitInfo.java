package org.lakefsbackup.core.lakefs;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A lakeFS commit. Commit IDs are content hashes: equal IDs after a restore mean equal commits. */
public record CommitInfo(String id, List<String> parents, String committer, String message, long creationDate,
                         String metaRangeId, Map<String, String> metadata, long generation) {
    public CommitInfo {
        Objects.requireNonNull(id, "id");
        parents = parents == null ? List.of() : List.copyOf(parents);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        committer = committer == null ? "" : committer;
        message = message == null ? "" : message;
        metaRangeId = metaRangeId == null ? "" : metaRangeId;
    }
}
