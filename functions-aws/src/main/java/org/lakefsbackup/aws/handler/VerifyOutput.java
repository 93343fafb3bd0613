package org.lakefsbackup.aws.handler;

import java.util.Objects;
import org.lakefsbackup.core.step.VerifyCheckpoint;
import org.lakefsbackup.core.step.VerifyProgress;
import org.lakefsbackup.core.step.VerifyResult;

/**
 * What the backup verify function returns to the state machine. Verifying is resumable: an invocation checks at
 * most {@code LAKEFS_BACKUP_VERIFY_BATCH_OBJECTS} inventory entries. Until the generation is verified the output is
 * {@code done: false} with only {@code progress} (where verifying stands, without the problem list; the checkpoint
 * itself is kept in the run's scratch) and the workflow calls the verify function again with {@code resume: true};
 * the last invocation returns {@code done: true} and the {@code result} (an incomplete backup fails the step
 * instead).
 */
public record VerifyOutput(boolean done, VerifyResult result, VerifyCheckpoint progress) {
    public VerifyOutput {
        Objects.requireNonNull(progress, "progress");
        if (done != (result != null)) {
            throw new IllegalArgumentException("result must be set exactly when verifying is done");
        }
    }

    static VerifyOutput of(VerifyProgress progress) {
        return new VerifyOutput(progress.done(), progress.result(), progress.checkpoint().withoutProblems());
    }
}
