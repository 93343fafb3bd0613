package org.lakefsbackup.core.step;

import java.util.Objects;

/**
 * The result of one {@code read-data-subset} invocation: the target's {@code entry} when {@code done}, else the
 * {@code checkpoint} the next invocation continues from (it carries the problems found so far).
 */
public record ReadSubsetProgress(RollingVerifyTarget target, boolean done, RollingCheckpoint checkpoint,
                                 RollingVerifyEntry entry) {
    public ReadSubsetProgress {
        Objects.requireNonNull(target, "target");
        if (done != (entry != null)) {
            throw new IllegalArgumentException("entry must be set exactly when the target is done");
        }
        if (!done && checkpoint == null) {
            throw new IllegalArgumentException("an unfinished read needs its checkpoint");
        }
    }
}
