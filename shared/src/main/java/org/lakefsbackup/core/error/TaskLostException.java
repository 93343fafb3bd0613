package org.lakefsbackup.core.error;

/** Thrown for {@link ErrorCode#TASK_LOST}. */
public final class TaskLostException extends LakeFsBackupException {
    public TaskLostException(String message, Throwable cause) {
        super(ErrorCode.TASK_LOST, message, cause);
    }
}
