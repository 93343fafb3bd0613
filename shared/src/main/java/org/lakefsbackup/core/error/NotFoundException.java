package org.lakefsbackup.core.error;

/** Thrown for {@link ErrorCode#NOT_FOUND}. */
public final class NotFoundException extends LakeFsBackupException {
    public NotFoundException(String message, Throwable cause) {
        super(ErrorCode.NOT_FOUND, message, cause);
    }
}
