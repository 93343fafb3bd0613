package org.lakefsbackup.core.step;

import java.util.Objects;

/**
 * The refs restore of a run: submitted to lakeFS ({@link Status#SUBMITTED}, poll {@code taskId}), found already
 * done in the target ({@link Status#REFS_DONE}: its branches and tags equal the generation's), or found half done
 * without a task to follow ({@link Status#PARTIAL}: the workflow resets the target it created and submits again).
 * The submitted task id is kept in the run's scratch, so a re-run polls it instead of submitting again.
 */
public record RestoreTask(RestoreRun restore, Status status, String taskId) implements RunScoped {
    public enum Status { SUBMITTED, REFS_DONE, PARTIAL }

    public static final String SYNC = TaskRef.SYNC;

    public RestoreTask {
        Objects.requireNonNull(restore, "restore");
        Objects.requireNonNull(status, "status");
        if ((status == Status.SUBMITTED) != (taskId != null)) {
            throw new IllegalArgumentException("a task id is given exactly for a submitted restore");
        }
    }

    @Override
    public RunRef run() {
        return restore.run();
    }
}
