package org.lakefsbackup.core.step;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.model.Json;

/**
 * A failure passed to a later step as data: the exception's class name (as hosts report it) and its message. Step
 * Functions' {@code {"Error", "Cause"}} binds to it too; {@link #unwrapped()} finds the core's failure inside a Lambda
 * error document or a failed child execution's description.
 *
 * @param errorType the failure's class name, e.g. {@code org.lakefsbackup.core.error.VerificationFailedException}
 * @param message   what went wrong
 */
public record StepFailure(@JsonAlias("Error") String errorType, @JsonAlias("Cause") String message) {
    public StepFailure {
        Objects.requireNonNull(errorType, "errorType");
        message = message == null ? "" : message;
    }

    /** The failure of a core exception. */
    public static StepFailure of(org.lakefsbackup.core.error.LakeFsBackupException e) {
        return new StepFailure(e.getClass().getName(), e.getMessage());
    }

    /** The core's error code of this failure, when it is (or wraps) one of the core's exceptions. */
    public Optional<ErrorCode> code() {
        return ErrorCode.forExceptionName(unwrapped().errorType);
    }

    /**
     * This failure with a wrapper taken off: Lambda's {@code {"errorType", "errorMessage"}} in a cause, or a child
     * execution's {@code {"Error"/"error", "Cause"/"cause"}} (Step Functions reports a failed child as
     * {@code States.TaskFailed} with the child's description as cause), as often as they nest.
     */
    public StepFailure unwrapped() {
        StepFailure f = this;
        for (int depth = 0; depth < 4; depth++) {
            JsonNode node = parse(f.message);
            if (node == null) {
                return f;
            }
            String type = text(node, "errorType", "Error", "error");
            String cause = text(node, "errorMessage", "Cause", "cause");
            if (type == null) {
                return f;
            }
            f = new StepFailure(type, cause);
        }
        return f;
    }

    private static JsonNode parse(String text) {
        String t = text.strip();
        if (!t.startsWith("{")) {
            return null;
        }
        try {
            JsonNode node = Json.mapper().readTree(t);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String... names) {
        for (String n : names) {
            JsonNode v = node.get(n);
            if (v != null && v.isTextual()) {
                return v.asText();
            }
        }
        return null;
    }
}
