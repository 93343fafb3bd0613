package org.lakefsbackup.core.error;

/** Thrown for {@link ErrorCode#INVALID_INPUT}. */
public final class InvalidInputException extends LakeFsBackupException {
    public InvalidInputException(String message, Throwable cause) {
        super(ErrorCode.INVALID_INPUT, message, cause);
    }
}
