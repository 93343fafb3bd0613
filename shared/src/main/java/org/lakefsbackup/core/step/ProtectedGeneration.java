package org.lakefsbackup.core.step;

import java.util.Objects;

/**
 * A generation an unfinished restore is copying into another repository name, whose lease that restore holds: prune
 * keeps it (and everything it references) whatever the policy says, until the restore ends.
 *
 * @param generation       the generation being restored
 * @param targetRepository the name the restore writes (its lease is there)
 * @param runId            the restore run
 */
public record ProtectedGeneration(String generation, String targetRepository, String runId) {
    public ProtectedGeneration {
        Objects.requireNonNull(generation, "generation");
        Objects.requireNonNull(targetRepository, "targetRepository");
        Objects.requireNonNull(runId, "runId");
    }
}
