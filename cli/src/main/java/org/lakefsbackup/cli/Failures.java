package org.lakefsbackup.cli;

import java.io.UncheckedIOException;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;

/**
 * Turns what a command threw into one {@link Console.Failure}: the core's exceptions keep their code, with the CLI's
 * way out added where there is one; anything else is a bug, reported as {@code INTERNAL} with a pointer to
 * {@code -vv}.
 */
final class Failures {
    static final String CA_BUNDLE_HINT = "; to trust a private CA give its certificates (PEM) with --ca-bundle FILE "
            + "or AWS_CA_BUNDLE, or add it to the JVM trust store (-Djavax.net.ssl.trustStore=...)";

    private Failures() {
    }

    static Console.Failure of(Throwable t) {
        if (t instanceof LakeFsBackupException e) {
            String hint = e.code() == ErrorCode.UNTRUSTED_CERTIFICATE ? CA_BUNDLE_HINT : "";
            return new Console.Failure(e.code(), e.getMessage() + hint, e);
        }
        if (t instanceof IllegalArgumentException) {
            // Records and parsers validating what a user typed (names, locations, sizes).
            return new Console.Failure(ErrorCode.INVALID_INPUT, String.valueOf(t.getMessage()), t);
        }
        if (t instanceof UncheckedIOException e) {
            return new Console.Failure(ErrorCode.UNAVAILABLE, String.valueOf(e.getCause()), t);
        }
        return new Console.Failure(ErrorCode.INTERNAL, "unexpected " + t
                + " (a bug; run again with -vv for the stack trace and report it)", t);
    }
}
