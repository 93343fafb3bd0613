package org.lakefsbackup.core.step;

import java.util.Objects;

/**
 * Input of the last prune step: the run and what its steps did ({@code null} for what the run did not do), so the
 * step can report it without reading anything back.
 */
public record FinishPruneRequest(PruneRun prune, ForgetResult forget, PrunePlan plan, DeleteProgress deleted,
                                 RemovedGenerations removed) implements RunScoped {
    public FinishPruneRequest {
        Objects.requireNonNull(prune, "prune");
    }

    @Override
    public RunRef run() {
        return prune.run();
    }
}
