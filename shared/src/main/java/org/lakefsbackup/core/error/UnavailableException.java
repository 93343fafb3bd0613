package org.lakefsbackup.core.error;

/** Thrown for {@link ErrorCode#UNAVAILABLE}. */
public final class UnavailableException extends LakeFsBackupException {
    public UnavailableException(String message, Throwable cause) {
        super(ErrorCode.UNAVAILABLE, message, cause);
    }
}
