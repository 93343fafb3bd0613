package org.lakefsbackup.core.step;

import java.util.Objects;

/** Input of a restore plan step: plan from scratch or ({@code resume}) continue the run's previous invocation. */
public record RestorePlanRequest(RestoreRun restore, boolean resume) implements RunScoped {
    public RestorePlanRequest {
        Objects.requireNonNull(restore, "restore");
    }

    @Override
    public RunRef run() {
        return restore.run();
    }
}
