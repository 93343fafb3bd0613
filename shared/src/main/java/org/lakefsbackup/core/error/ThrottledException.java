package org.lakefsbackup.core.error;

/** Thrown for {@link ErrorCode#THROTTLED}. */
public final class ThrottledException extends LakeFsBackupException {
    public ThrottledException(String message, Throwable cause) {
        super(ErrorCode.THROTTLED, message, cause);
    }
}
