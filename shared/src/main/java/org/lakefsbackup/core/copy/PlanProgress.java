package org.lakefsbackup.core.copy;

import java.util.Objects;

/**
 * The result of one planning invocation: either the finished {@code plan} ({@code done}), or the {@code checkpoint}
 * the next invocation continues from. {@code checkpoint} is set in both cases (when done, it holds the final totals).
 */
public record PlanProgress(boolean done, PlanCheckpoint checkpoint, CopyPlan plan) {
    public PlanProgress {
        Objects.requireNonNull(checkpoint, "checkpoint");
        if (done != (plan != null)) {
            throw new IllegalArgumentException("plan must be set exactly when planning is done");
        }
    }

    public static PlanProgress finished(PlanCheckpoint checkpoint, CopyPlan plan) {
        return new PlanProgress(true, checkpoint, Objects.requireNonNull(plan, "plan"));
    }

    public static PlanProgress paused(PlanCheckpoint checkpoint) {
        return new PlanProgress(false, checkpoint, null);
    }
}
