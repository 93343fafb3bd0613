package org.lakefsbackup.core.error;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Recognises, for the adapters' exception mappers, a TLS connection refused because the server's certificate is not
 * trusted: an {@link SSLHandshakeException} caused by a certificate or path failure, or an
 * {@link SSLPeerUnverifiedException} (host name not in the certificate).
 */
public final class TlsFailures {
    private TlsFailures() {
    }

    /** The innermost reason, when {@code failure} (or a cause) is an untrusted-certificate failure. */
    public static Optional<String> untrustedCertificate(Throwable failure) {
        boolean handshake = false;
        String reason = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLPeerUnverifiedException) {
                return Optional.of(String.valueOf(t.getMessage()));
            }
            handshake |= t instanceof SSLHandshakeException;
            if (handshake && (t instanceof CertificateException || t instanceof CertPathBuilderException
                    || t instanceof CertPathValidatorException)) {
                reason = String.valueOf(t.getMessage());
            }
        }
        if (reason != null && reason.contains("Exception: ")) {
            reason = reason.substring(reason.lastIndexOf("Exception: ") + "Exception: ".length());
        }
        return Optional.ofNullable(reason);
    }

    /** An {@link ErrorCode#UNTRUSTED_CERTIFICATE} failure of {@code what} (e.g. "lakeFS at https://host"). */
    public static LakeFsBackupException untrusted(String what, String reason, Throwable cause) {
        return ErrorCode.UNTRUSTED_CERTIFICATE.exception("the TLS certificate of " + what + " is not trusted ("
                + reason + ")", cause);
    }
}
