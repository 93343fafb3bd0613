package org.lakefsbackup.core.step;

import java.util.List;
import java.util.Objects;

/**
 * Input of a prune plan step: plan from scratch, or ({@code resume}) continue where the previous invocation stopped.
 *
 * @param prune      the run
 * @param forgetting generations this run forgets besides those already marked (a dry run writes no markers, so it
 *                   names them here)
 * @param resume     continue from the checkpoint in the run's scratch
 */
public record PrunePlanRequest(PruneRun prune, List<String> forgetting, boolean resume) implements RunScoped {
    public PrunePlanRequest {
        Objects.requireNonNull(prune, "prune");
        forgetting = forgetting == null ? List.of() : List.copyOf(forgetting);
    }

    @Override
    public RunRef run() {
        return prune.run();
    }
}
