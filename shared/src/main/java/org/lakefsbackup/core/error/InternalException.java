package org.lakefsbackup.core.error;

/** Thrown for {@link ErrorCode#INTERNAL}. */
public final class InternalException extends LakeFsBackupException {
    public InternalException(String message, Throwable cause) {
        super(ErrorCode.INTERNAL, message, cause);
    }
}
