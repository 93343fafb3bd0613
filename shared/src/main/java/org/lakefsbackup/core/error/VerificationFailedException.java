package org.lakefsbackup.core.error;

/** Thrown for {@link ErrorCode#VERIFICATION_FAILED}. */
public final class VerificationFailedException extends LakeFsBackupException {
    public VerificationFailedException(String message, Throwable cause) {
        super(ErrorCode.VERIFICATION_FAILED, message, cause);
    }
}
