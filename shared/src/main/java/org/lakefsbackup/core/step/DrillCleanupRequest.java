package org.lakefsbackup.core.step;

import java.util.Objects;

/**
 * Input of a drill's clean-up step.
 *
 * @param drill     the drill
 * @param leftovers {@code true}: clean what earlier drills of this name left (before this drill restores; the drill
 *                  keeps its lease afterwards); {@code false}: clean this drill's own namespace (the lease is
 *                  released when done)
 * @param progress  where the previous invocation stopped; {@code null} for the first
 */
public record DrillCleanupRequest(DrillRun drill, boolean leftovers, DrillCleanup progress) {
    public DrillCleanupRequest {
        Objects.requireNonNull(drill, "drill");
    }
}
