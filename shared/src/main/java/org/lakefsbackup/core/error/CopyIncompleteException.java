package org.lakefsbackup.core.error;

/** Thrown for {@link ErrorCode#COPY_INCOMPLETE}. */
public final class CopyIncompleteException extends LakeFsBackupException {
    public CopyIncompleteException(String message, Throwable cause) {
        super(ErrorCode.COPY_INCOMPLETE, message, cause);
    }
}
