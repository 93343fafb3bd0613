package org.lakefsbackup.core.step;

import java.util.Objects;

/**
 * Input of a backup plan step: plan from scratch, or ({@code resume}) continue where the previous invocation of the
 * run stopped (the checkpoint is in the run's scratch).
 *
 * @param prepared the prepare step's output (the namespace, the previous generation's inventory), which the workflow
 *                 carries already: its size grows only with the branches that have uncommitted changes (about 80
 *                 bytes each) and the warnings; {@code null}: read from the run's {@code prepared.json}
 */
public record PlanRequest(RunRef run, boolean resume, BackupRun prepared) implements RunScoped {
    /** A plan step that reads what prepare learned from the run's scratch. */
    public PlanRequest(RunRef run, boolean resume) {
        this(run, resume, null);
    }

    public PlanRequest {
        Objects.requireNonNull(run, "run");
    }
}
