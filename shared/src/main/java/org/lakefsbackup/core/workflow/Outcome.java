package org.lakefsbackup.core.workflow;

import java.util.Optional;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;

/**
 * The result of one call of a fan-out: its output, or how it failed (the exception class name, as hosts report it,
 * and the message).
 */
public record Outcome<O>(O value, String errorType, String message) {
    public Outcome {
        if ((value == null) == (errorType == null)) {
            throw new IllegalArgumentException("an outcome has a value or an error, not both");
        }
    }

    public static <O> Outcome<O> success(O value) {
        return new Outcome<>(value, null, null);
    }

    public static <O> Outcome<O> failure(String errorType, String message) {
        return new Outcome<>(null, errorType, message == null ? "" : message);
    }

    public static <O> Outcome<O> failure(LakeFsBackupException e) {
        return failure(e.getClass().getName(), e.getMessage());
    }

    public boolean ok() {
        return errorType == null;
    }

    /** The error code of a failure, when its type is one of the core's exceptions. */
    public Optional<ErrorCode> code() {
        return ErrorCode.forExceptionName(errorType);
    }
}
