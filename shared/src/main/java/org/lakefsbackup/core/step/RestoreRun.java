package org.lakefsbackup.core.step;

import java.util.Objects;

/**
 * What the restore prepare step decided; the input of every later restore step.
 *
 * @param resumed whether this run continues an unfinished restore (its run id is that restore's)
 */
public record RestoreRun(RunRef run, String generation, String targetRepository, String targetNamespace,
                         String defaultBranch, String storageId, boolean readOnly, String lakefsVersion,
                         boolean asyncApi, boolean skipDummyMarkers, boolean resumed) implements RunScoped {
    public RestoreRun {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(generation, "generation");
        Objects.requireNonNull(targetRepository, "targetRepository");
        Objects.requireNonNull(targetNamespace, "targetNamespace");
        Objects.requireNonNull(defaultBranch, "defaultBranch");
    }
}
