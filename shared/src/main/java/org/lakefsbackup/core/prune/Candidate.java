package org.lakefsbackup.core.prune;

import java.util.Objects;
import org.lakefsbackup.core.model.BackupLayout;

/**
 * A backed-up object no kept generation references: what prune deletes.
 *
 * @param stored where the backup holds it, relative to the repository's backup root ({@code objects/...} or
 *               {@code mutable/...})
 * @param size   its size when it was listed
 */
public record Candidate(String stored, long size) {
    public Candidate {
        Objects.requireNonNull(stored, "stored");
        if (!stored.startsWith(BackupLayout.OBJECTS + "/") && !stored.startsWith(BackupLayout.MUTABLE + "/")) {
            throw new IllegalArgumentException("prune deletes only under objects/ and mutable/: " + stored);
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative size for " + stored);
        }
    }
}
