package org.lakefsbackup.core.error;

/** Thrown for {@link ErrorCode#TASK_FAILED}. */
public final class TaskFailedException extends LakeFsBackupException {
    public TaskFailedException(String message, Throwable cause) {
        super(ErrorCode.TASK_FAILED, message, cause);
    }
}
