package org.lakefsbackup.core.step;

import java.util.Objects;

/**
 * Input of a backup plan step: plan from scratch, or ({@code resume}) continue where the previous invocation of the
 * run stopped (the checkpoint is in the run's scratch).
 */
public record PlanRequest(RunRef run, boolean resume) implements RunScoped {
    public PlanRequest {
        Objects.requireNonNull(run, "run");
    }
}
