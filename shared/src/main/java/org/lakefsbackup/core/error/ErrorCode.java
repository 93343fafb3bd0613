package org.lakefsbackup.core.error;

import java.util.function.BiFunction;

/**
 * Every failure the core reports, with whether retrying the same step can help and the CLI exit code.
 *
 * <p>Each code is thrown as its own exception class (see {@link #exceptionClass()}); those class names are a
 * contract with the workflow definitions (Step Functions {@code ErrorEquals}, Durable Functions
 * {@code isCausedBy}) and must not be renamed.
 */
public enum ErrorCode {
    /** A name, URI, option or document supplied by the caller is invalid. */
    INVALID_INPUT(false, 2, InvalidInputException::new),
    /** A manifest or inventory in the backup store is malformed, truncated or of an unknown format. */
    INVALID_MANIFEST(false, 8, InvalidManifestException::new),
    /** A repository, backup, generation, task or object does not exist. */
    NOT_FOUND(false, 4, NotFoundException::new),
    /** The target already exists in a state the operation must not touch. */
    CONFLICT(false, 5, ConflictException::new),
    /** Credentials are missing, wrong or lack a permission. */
    UNAUTHORIZED(false, 6, UnauthorizedException::new),
    /**
     * A server's TLS certificate is not trusted (no trusted CA vouches for it, or it names another host): retrying
     * cannot help; trusting its CA can.
     */
    UNTRUSTED_CERTIFICATE(false, 6, UntrustedCertificateException::new),
    /** The service asked us to slow down (HTTP 429, S3 SlowDown, lakeFS 503). */
    THROTTLED(true, 7, ThrottledException::new),
    /** The service is unreachable or answered with a server error. */
    UNAVAILABLE(true, 7, UnavailableException::new),
    /**
     * A lakeFS task made no progress within the configured timeout. Not retryable: polling a stale task again cannot
     * help; the workflows submit the task again instead, and a re-run of the command starts a new one.
     */
    TIMEOUT(false, 7, OperationTimeoutException::new),
    /**
     * A lakeFS dump or restore task is unknown to the server (node restarted or status expired). The workflows see
     * it as data (a lost task is submitted again); the exception is what the client raises on the 404.
     */
    TASK_LOST(false, 1, TaskLostException::new),
    /** A lakeFS dump or restore task finished with an error. */
    TASK_FAILED(false, 1, TaskFailedException::new),
    /** Committing uncommitted changes was refused (protected branch, failing pre-commit hook, read-only repository). */
    COMMIT_REJECTED(false, 1, CommitRejectedException::new),
    /**
     * Some objects could not be copied; the copy can be re-run and copies only what is missing. (When every failure
     * was throttling or unavailability, THROTTLED is reported instead, with its retryable exit code.)
     */
    COPY_INCOMPLETE(true, 1, CopyIncompleteException::new),
    /** A backup or a restored repository does not match what was recorded. */
    VERIFICATION_FAILED(false, 3, VerificationFailedException::new),
    /** A bug or an unexpected answer. */
    INTERNAL(false, 1, InternalException::new);

    private final boolean retryable;
    private final int exitCode;
    private final BiFunction<String, Throwable, LakeFsBackupException> factory;

    ErrorCode(boolean retryable, int exitCode, BiFunction<String, Throwable, LakeFsBackupException> factory) {
        this.retryable = retryable;
        this.exitCode = exitCode;
        this.factory = factory;
    }

    /** Whether running the same step again, unchanged, may succeed. */
    public boolean retryable() {
        return retryable;
    }

    /** The CLI's exit code for this failure. */
    public int exitCode() {
        return exitCode;
    }

    /** A new exception of this code's class. */
    public LakeFsBackupException exception(String message) {
        return factory.apply(message, null);
    }

    /** A new exception of this code's class with a cause. */
    public LakeFsBackupException exception(String message, Throwable cause) {
        return factory.apply(message, cause);
    }

    /** The code whose exception class has this (fully qualified or simple) name, if any. */
    public static java.util.Optional<ErrorCode> forExceptionName(String name) {
        if (name == null) {
            return java.util.Optional.empty();
        }
        for (ErrorCode code : values()) {
            Class<?> c = code.exceptionClass();
            if (c.getName().equals(name) || c.getSimpleName().equals(name)) {
                return java.util.Optional.of(code);
            }
        }
        return java.util.Optional.empty();
    }

    /** The exception class thrown for this code; its name is part of the workflow contract. */
    public Class<? extends LakeFsBackupException> exceptionClass() {
        return exception("probe").getClass();
    }
}
