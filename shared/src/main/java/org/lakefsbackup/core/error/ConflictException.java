package org.lakefsbackup.core.error;

/** Thrown for {@link ErrorCode#CONFLICT}. */
public final class ConflictException extends LakeFsBackupException {
    public ConflictException(String message, Throwable cause) {
        super(ErrorCode.CONFLICT, message, cause);
    }
}
