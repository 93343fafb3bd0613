package org.lakefsbackup.core.error;

/** Thrown for {@link ErrorCode#UNTRUSTED_CERTIFICATE}. */
public final class UntrustedCertificateException extends LakeFsBackupException {
    public UntrustedCertificateException(String message, Throwable cause) {
        super(ErrorCode.UNTRUSTED_CERTIFICATE, message, cause);
    }
}
