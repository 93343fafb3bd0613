package org.lakefsbackup.core.step;

import java.util.Objects;

/**
 * Input of a prune delete step: delete the planned candidates from the start, or ({@code resume}) from where the
 * previous invocation stopped.
 */
public record DeleteRequest(PruneRun prune, boolean resume) implements RunScoped {
    public DeleteRequest {
        Objects.requireNonNull(prune, "prune");
    }

    @Override
    public RunRef run() {
        return prune.run();
    }
}
