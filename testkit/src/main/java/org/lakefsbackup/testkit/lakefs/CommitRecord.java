package org.lakefsbackup.testkit.lakefs;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A commit as lakeFS stores it ({@code graveler.CommitData}). Immutable; its id is its content hash. */
record CommitRecord(String id, String committer, String message, long creationDate, String metaRangeId,
        Map<String, String> metadata, List<String> parents, long generation, int version) {

    /** lakeFS's current commit format version ({@code CommitVersionParentSwapped}). */
    static final int CURRENT_VERSION = 1;

    CommitRecord {
        metadata = metadata == null ? Map.of() : new TreeMap<>(metadata);
        parents = parents == null ? List.of() : List.copyOf(parents);
        metaRangeId = metaRangeId == null ? "" : metaRangeId;
    }

    static CommitRecord create(String committer, String message, long creationDate, String metaRangeId,
            Map<String, String> metadata, List<String> parents, long generation) {
        CommitRecord unnamed = new CommitRecord("", committer, message, creationDate, metaRangeId, metadata, parents,
                generation, CURRENT_VERSION);
        return unnamed.withId(CommitIds.compute(unnamed));
    }

    CommitRecord withId(String newId) {
        return new CommitRecord(newId, committer, message, creationDate, metaRangeId, metadata, parents, generation,
                version);
    }
}
