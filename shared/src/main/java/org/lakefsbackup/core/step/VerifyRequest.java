package org.lakefsbackup.core.step;

import java.util.Objects;

/**
 * Input of a backup verify step: verify from scratch, or ({@code resume}) continue where the previous invocation of
 * the run stopped (the checkpoint is in the run's scratch).
 *
 * @param plan the finished copy plan, as the plan step returned it (totals and counts: its size does not grow with
 *             N); {@code null}: read from the run's {@code plan.json}
 */
public record VerifyRequest(RunRef run, boolean resume, org.lakefsbackup.core.copy.CopyPlan plan)
        implements RunScoped {
    /** A verify step that reads the plan from the run's scratch. */
    public VerifyRequest(RunRef run, boolean resume) {
        this(run, resume, null);
    }

    public VerifyRequest {
        Objects.requireNonNull(run, "run");
    }
}
