package org.lakefsbackup.core.step;

import java.util.Objects;
import org.lakefsbackup.core.error.ErrorCode;

/**
 * Input of the check-unchanged step: what prepare found (its {@code previous} generation a candidate for a
 * still-current mark), and whether to continue a paused comparison (the checkpoint is in the run's scratch).
 */
public record UnchangedCheckRequest(BackupRun prepared, boolean resume) implements RunScoped {
    public UnchangedCheckRequest {
        Objects.requireNonNull(prepared, "prepared");
        if (!prepared.mayBeUnchanged()) {
            throw ErrorCode.INVALID_INPUT.exception("the run of " + prepared.run().repository() + " has no previous "
                    + "generation with the same refs to compare the namespace with");
        }
    }

    @Override
    public RunRef run() {
        return prepared.run();
    }
}
