package org.lakefsbackup.testkit.lakefs;

import java.util.List;
import java.util.Map;

/** Response bodies, named as in lakeFS's OpenAPI schemas; fields are written in snake_case by {@link Json}. */
final class Dto {
    private Dto() {
    }

    record Repository(String id, long creationDate, String defaultBranch, String storageId, String storageNamespace,
            Boolean readOnly) {
        static Repository of(RepoState r) {
            return new Repository(r.name, r.creationDate, r.defaultBranch, r.storageId, r.namespace, r.readOnly);
        }
    }

    record Pagination(boolean hasMore, String nextOffset, int results, int maxPerPage) {
    }

    record PagedList<T>(Pagination pagination, List<T> results) {
    }

    record Ref(String id, String commitId) {
    }

    /** An action run (lakeFS's ActionRun): {@code status} {@code completed} or {@code failed}. */
    record ActionRun(String runId, String branch, String startTime, String endTime, String eventType, String status,
            String commitId) {
    }

    record Commit(String id, List<String> parents, String committer, String message, long creationDate,
            String metaRangeId, Map<String, String> metadata, long generation, int version) {
        static Commit of(CommitRecord c) {
            return new Commit(c.id(), c.parents(), c.committer(), c.message(), c.creationDate(), c.metaRangeId(),
                    c.metadata(), c.generation(), c.version());
        }
    }

    record ObjectStats(String path, String pathType, String physicalAddress, String checksum, Long sizeBytes,
            long mtime, Map<String, String> metadata, String contentType) {
        static ObjectStats of(Entry e, String namespace) {
            return new ObjectStats(e.path(), "object", e.physicalAddress(namespace), e.checksum(), e.sizeBytes(),
                    e.mtime(), e.metadata(), e.contentType());
        }

        static ObjectStats commonPrefix(String prefix) {
            return new ObjectStats(prefix, "common_prefix", "", "", null, 0, null, null);
        }
    }

    record Diff(String type, String path, String pathType, Long sizeBytes) {
    }

    record TaskInfo(String id) {
    }

    record DumpStatus(String id, boolean done, String updateTime, String error, RefsIds refs) {
    }

    record RestoreStatus(String id, boolean done, String updateTime, String error) {
    }

    record BranchProtectionRule(String pattern) {
    }
}
