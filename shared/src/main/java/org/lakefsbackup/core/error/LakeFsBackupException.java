package org.lakefsbackup.core.error;

import java.util.Objects;

/** Base of every exception the core throws on purpose. Subclass names are a workflow contract. */
public abstract class LakeFsBackupException extends RuntimeException {
    private final ErrorCode code;

    protected LakeFsBackupException(ErrorCode code, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ErrorCode code() {
        return code;
    }

    public boolean retryable() {
        return code.retryable();
    }
}
