package org.lakefsbackup.azure.durable;

import com.microsoft.durabletask.FailureDetails;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;

/**
 * Maps how Durable Functions reports a failed activity or sub-orchestration back to the core's error codes. The
 * error type is the exception's fully qualified class name when an orchestration failed (durabletask records it so)
 * and its simple class name when a Java activity failed (the Functions host keeps only the innermost exception's
 * simple name: durabletask-java issues 238 and 239; the activities therefore throw the core's exception without a
 * cause). When the type is neither, a core exception named at the start of the message is used, since hosts also
 * report failures as {@code "<Type>: <message>"} text.
 */
public final class DurableErrors {
    private static final Pattern NAMED = Pattern.compile("(?:org\\.lakefsbackup\\.core\\.error\\.)?([A-Z][A-Za-z]+Exception)"
            + ":\\s*");

    private DurableErrors() {
    }

    /** The core's error code of a failure, if it is one of the core's exceptions. */
    public static Optional<ErrorCode> code(FailureDetails failure) {
        return code(failure.getErrorType(), failure.getErrorMessage());
    }

    static Optional<ErrorCode> code(String errorType, String message) {
        Optional<ErrorCode> byType = ErrorCode.forExceptionName(errorType);
        if (byType.isPresent()) {
            return byType;
        }
        Matcher m = NAMED.matcher(message == null ? "" : message);
        return m.lookingAt() ? ErrorCode.forExceptionName(m.group(1)) : Optional.empty();
    }

    /** The failure's message without a leading {@code "<Type>: "}. */
    static String message(String errorType, String message) {
        String text = message == null ? "" : message;
        Matcher m = NAMED.matcher(text);
        return m.lookingAt() && ErrorCode.forExceptionName(m.group(1)).isPresent() ? text.substring(m.end()) : text;
    }

    /**
     * The core's exception for a failure: its own code and message, or INTERNAL naming a failure of the host
     * (a function timeout, a worker crash) that the retries did not overcome.
     */
    public static LakeFsBackupException toCore(String what, FailureDetails failure) {
        return toCore(what, failure.getErrorType(), failure.getErrorMessage());
    }

    static LakeFsBackupException toCore(String what, String errorType, String errorMessage) {
        Optional<ErrorCode> code = code(errorType, errorMessage);
        String message = message(errorType, errorMessage);
        return code.map(c -> c.exception(message)).orElseGet(() -> ErrorCode.INTERNAL.exception(what + " failed in "
                + "the Functions host: " + errorType + ": " + message));
    }

    /** The class name a failure is reported under in outcomes: the core's class, else the host's type. */
    static String typeName(FailureDetails failure) {
        return code(failure).<String>map(c -> c.exceptionClass().getName()).orElse(failure.getErrorType());
    }
}
