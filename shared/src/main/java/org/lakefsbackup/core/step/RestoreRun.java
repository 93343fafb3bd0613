package org.lakefsbackup.core.step;

import java.util.Objects;

/**
 * What the restore prepare step decided; the input of every later restore step.
 *
 * @param resumed  whether this run continues an unfinished restore (its run id is that restore's)
 * @param finished whether this very run already finished (it is being run again after it ended): the workflow only
 *                 returns its result
 */
public record RestoreRun(RunRef run, String generation, String targetRepository, String targetNamespace,
                         String defaultBranch, String storageId, boolean readOnly, String lakefsVersion,
                         boolean asyncApi, boolean skipDummyMarkers, boolean resumed, boolean finished)
        implements RunScoped {
    public RestoreRun {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(generation, "generation");
        Objects.requireNonNull(targetRepository, "targetRepository");
        Objects.requireNonNull(targetNamespace, "targetNamespace");
        Objects.requireNonNull(defaultBranch, "defaultBranch");
    }
}
