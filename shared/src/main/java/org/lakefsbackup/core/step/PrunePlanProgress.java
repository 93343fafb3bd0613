package org.lakefsbackup.core.step;

import java.util.List;
import java.util.Objects;
import org.lakefsbackup.core.prune.PruneCheckpoint;

/**
 * The result of one prune planning invocation: the finished {@code plan} ({@code done}), or the {@code checkpoint}
 * the next invocation continues from, with the kept generations it merges (fixed for the run).
 */
public record PrunePlanProgress(boolean done, PruneCheckpoint checkpoint, List<String> kept, PrunePlan plan) {
    public PrunePlanProgress {
        Objects.requireNonNull(checkpoint, "checkpoint");
        kept = kept == null ? List.of() : List.copyOf(kept);
        if (done != (plan != null)) {
            throw new IllegalArgumentException("plan must be set exactly when planning is done");
        }
    }
}
