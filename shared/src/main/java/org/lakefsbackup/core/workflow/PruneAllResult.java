package org.lakefsbackup.core.workflow;

import java.util.List;
import java.util.Objects;
import org.lakefsbackup.core.step.PruneResult;

/** What a prune-all run did per repository: the prune's result, or the failure; and the repositories left out. */
public record PruneAllResult(List<Entry> repositories, List<String> skipped) {
    public PruneAllResult {
        repositories = List.copyOf(repositories);
        skipped = List.copyOf(skipped);
    }

    /** One repository's prune: {@code result}, or {@code errorType} and {@code error}. */
    public record Entry(String repository, PruneResult result, String errorType, String error) {
        public Entry {
            Objects.requireNonNull(repository, "repository");
        }

        public boolean failed() {
            return result == null;
        }
    }

    public long failed() {
        return repositories.stream().filter(Entry::failed).count();
    }
}
