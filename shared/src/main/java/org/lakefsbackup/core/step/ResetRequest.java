package org.lakefsbackup.core.step;

import java.util.Objects;

/** Input of the reset step: the restore and what went wrong with its refs restore (for messages). */
public record ResetRequest(RestoreRun restore, String error) implements RunScoped {
    public ResetRequest {
        Objects.requireNonNull(restore, "restore");
        error = error == null ? "" : error;
    }

    @Override
    public RunRef run() {
        return restore.run();
    }
}
