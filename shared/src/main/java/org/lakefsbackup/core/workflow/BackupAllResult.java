package org.lakefsbackup.core.workflow;

import java.util.List;
import java.util.Objects;
import org.lakefsbackup.core.step.GenerationResult;

/** What a backup-all run did per repository: the committed generation, or the failure. */
public record BackupAllResult(List<Entry> repositories) {
    public BackupAllResult {
        repositories = List.copyOf(repositories);
    }

    /** One repository's backup: {@code generation}, or {@code errorType} and {@code error}. */
    public record Entry(String repository, GenerationResult generation, String errorType, String error) {
        public Entry {
            Objects.requireNonNull(repository, "repository");
        }

        public boolean failed() {
            return generation == null;
        }
    }

    public long failed() {
        return repositories.stream().filter(Entry::failed).count();
    }
}
