package org.lakefsbackup.core.error;

/** Thrown for {@link ErrorCode#UNAUTHORIZED}. */
public final class UnauthorizedException extends LakeFsBackupException {
    public UnauthorizedException(String message, Throwable cause) {
        super(ErrorCode.UNAUTHORIZED, message, cause);
    }
}
