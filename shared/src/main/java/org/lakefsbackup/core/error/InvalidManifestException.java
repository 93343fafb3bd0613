package org.lakefsbackup.core.error;

/** Thrown for {@link ErrorCode#INVALID_MANIFEST}. */
public final class InvalidManifestException extends LakeFsBackupException {
    public InvalidManifestException(String message, Throwable cause) {
        super(ErrorCode.INVALID_MANIFEST, message, cause);
    }
}
