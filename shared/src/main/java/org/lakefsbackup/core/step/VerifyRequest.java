package org.lakefsbackup.core.step;

import java.util.Objects;

/**
 * Input of a backup verify step: verify from scratch, or ({@code resume}) continue where the previous invocation of
 * the run stopped (the checkpoint is in the run's scratch).
 */
public record VerifyRequest(RunRef run, boolean resume) implements RunScoped {
    public VerifyRequest {
        Objects.requireNonNull(run, "run");
    }
}
