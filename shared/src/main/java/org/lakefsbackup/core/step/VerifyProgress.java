package org.lakefsbackup.core.step;

import java.util.Objects;

/**
 * The result of one verifying invocation: either the final {@code result} ({@code done}), or the
 * {@code checkpoint} the next invocation continues from. {@code checkpoint} is set in both cases (when done, it
 * holds the final counts).
 */
public record VerifyProgress(boolean done, VerifyCheckpoint checkpoint, VerifyResult result) {
    public VerifyProgress {
        Objects.requireNonNull(checkpoint, "checkpoint");
        if (done != (result != null)) {
            throw new IllegalArgumentException("result must be set exactly when verifying is done");
        }
    }

    public static VerifyProgress finished(VerifyCheckpoint checkpoint, VerifyResult result) {
        return new VerifyProgress(true, checkpoint, Objects.requireNonNull(result, "result"));
    }

    public static VerifyProgress paused(VerifyCheckpoint checkpoint) {
        return new VerifyProgress(false, checkpoint, null);
    }
}
