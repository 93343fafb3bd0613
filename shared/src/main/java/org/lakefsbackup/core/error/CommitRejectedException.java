package org.lakefsbackup.core.error;

/** Thrown for {@link ErrorCode#COMMIT_REJECTED}. */
public final class CommitRejectedException extends LakeFsBackupException {
    public CommitRejectedException(String message, Throwable cause) {
        super(ErrorCode.COMMIT_REJECTED, message, cause);
    }
}
