package org.lakefsbackup.core.error;

/** Thrown for {@link ErrorCode#TIMEOUT}. */
public final class OperationTimeoutException extends LakeFsBackupException {
    public OperationTimeoutException(String message, Throwable cause) {
        super(ErrorCode.TIMEOUT, message, cause);
    }
}
