package org.lakefsbackup.core.step;

import java.util.Objects;

/**
 * Input of the drill's last step: what each part of the drill came to. A part that failed has its failure instead of
 * its result; a part that did not run has neither.
 *
 * @param restored        the restore's verification (branch heads, tags, commit count, objects read)
 * @param restoreFailure  why the restore failed
 * @param check           the read-back of sampled objects by checksum
 * @param checkFailure    why the read-back could not run
 * @param cleanup         what removing the temporary repository and objects did
 * @param cleanupFailure  why removing them failed
 */
public record DrillFinish(DrillRun drill, RestoreVerification restored, StepFailure restoreFailure, DrillCheck check,
                          StepFailure checkFailure, DrillCleanup cleanup, StepFailure cleanupFailure) {
    public DrillFinish {
        Objects.requireNonNull(drill, "drill");
    }
}
