package org.lakefsbackup.aws.handler;

import java.util.Objects;
import org.lakefsbackup.core.step.RestoreRun;
import org.lakefsbackup.core.step.TaskRef;

/** Input of the restore poll function: the restore and its submitted task. */
public record RestorePoll(RestoreRun restore, TaskRef task) {
    public RestorePoll {
        Objects.requireNonNull(restore, "restore");
        Objects.requireNonNull(task, "task");
    }
}
