package org.lakefsbackup.core.step;

import java.util.Objects;

/**
 * Input of a {@code read-data-subset} step: read a target's subset from the start ({@code checkpoint} null) or
 * continue where the previous invocation stopped.
 */
public record ReadSubsetRequest(RollingVerifyTarget target, RollingCheckpoint checkpoint) {
    public ReadSubsetRequest {
        Objects.requireNonNull(target, "target");
    }
}
