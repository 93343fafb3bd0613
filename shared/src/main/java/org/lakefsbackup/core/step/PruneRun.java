package org.lakefsbackup.core.step;

import java.util.List;
import java.util.Objects;
import org.lakefsbackup.core.retention.RetentionPolicy;

/**
 * A prune run, as its first step prepared it: the run (holding the repository's lease, kind {@code prune} or
 * {@code forget}), what it does, and the generations unfinished restores are copying elsewhere (kept whatever the
 * policy says).
 *
 * @param ref                  the run; its lease is the repository's
 * @param policy               the retention policy to apply, or {@code null}
 * @param prune                whether it deletes
 * @param dryRun               whether it only decides and counts (no lease, nothing written)
 * @param protectedGenerations generations live restores into other names are copying
 */
public record PruneRun(RunRef ref, RetentionPolicy policy, boolean prune, boolean dryRun,
                       List<ProtectedGeneration> protectedGenerations) implements RunScoped {
    public PruneRun {
        Objects.requireNonNull(ref, "ref");
        protectedGenerations = protectedGenerations == null ? List.of() : List.copyOf(protectedGenerations);
    }

    /** The run holding a lease; a dry run holds none, so hosts check no lease for it. */
    @Override
    public RunRef run() {
        return dryRun ? null : ref;
    }

    /** Whether a restore is copying {@code generation}. */
    public boolean isProtected(String generation) {
        return protectedGenerations.stream().anyMatch(p -> p.generation().equals(generation));
    }
}
