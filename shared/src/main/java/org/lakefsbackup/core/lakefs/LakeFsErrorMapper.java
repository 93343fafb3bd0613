package org.lakefsbackup.core.lakefs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakefs.clients.sdk.ApiException;
import java.io.IOException;
import java.util.Objects;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.error.TlsFailures;

/**
 * Translates the lakeFS SDK's {@link ApiException} into this project's error codes. Messages name the operation and
 * carry lakeFS's {@code {"message": ...}} text; they never contain credentials. Thread-safe.
 *
 * <table>
 *   <caption>HTTP status to error code</caption>
 *   <tr><td>400</td><td>INVALID_INPUT</td></tr>
 *   <tr><td>401, 403</td><td>UNAUTHORIZED; COMMIT_REJECTED for 403 on a commit (protected branch, read-only)</td></tr>
 *   <tr><td>404, 410</td><td>NOT_FOUND; TASK_LOST for 404 on a task status</td></tr>
 *   <tr><td>409</td><td>CONFLICT</td></tr>
 *   <tr><td>412</td><td>COMMIT_REJECTED on a commit (pre-commit hook), CONFLICT otherwise</td></tr>
 *   <tr><td>429, 503</td><td>THROTTLED</td></tr>
 *   <tr><td>other 5xx</td><td>UNAVAILABLE</td></tr>
 *   <tr><td>a TLS certificate the client does not trust</td><td>UNTRUSTED_CERTIFICATE</td></tr>
 *   <tr><td>no response (connection refused, timeout, unknown host)</td><td>UNAVAILABLE</td></tr>
 *   <tr><td>other statuses, SDK-side failures</td><td>INTERNAL</td></tr>
 * </table>
 */
public final class LakeFsErrorMapper {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_CHARS = 300;

    /** What kind of call failed: some statuses mean something else for commits and task polls. */
    public enum Kind {
        DEFAULT, COMMIT, TASK_STATUS
    }

    private final String endpoint;

    /** @param endpoint the server's endpoint without credentials, named when it is unreachable */
    public LakeFsErrorMapper(String endpoint) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    /** Maps a failure of an ordinary call; {@code operation} reads like "get repository 'r'". */
    public LakeFsBackupException map(String operation, ApiException e) {
        return map(Kind.DEFAULT, operation, e);
    }

    /** Maps a failure of a call of the given kind. */
    public LakeFsBackupException map(Kind kind, String operation, ApiException e) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(operation, "operation");
        int status = e.getCode();
        var untrusted = TlsFailures.untrustedCertificate(e);
        if (untrusted.isPresent()) {
            return TlsFailures.untrusted("lakeFS at " + endpoint, untrusted.get(), e);
        }
        if (e.getCause() instanceof IOException) {
            return ErrorCode.UNAVAILABLE.exception(
                    "lakeFS is unreachable at " + endpoint + ": " + describeCause(e) + " (while trying to " + operation
                            + ")", e);
        }
        if (status == 0) {
            // No response and no I/O failure: the SDK refused the call itself (a missing parameter).
            return ErrorCode.INTERNAL.exception("lakeFS SDK could not " + operation + ": " + describeCause(e), e);
        }
        String detail = "HTTP " + status + ": " + serverMessage(e.getResponseBody());
        String failed = "lakeFS could not " + operation + " (" + detail + ")";
        return switch (status) {
            case 400 -> ErrorCode.INVALID_INPUT.exception(failed, e);
            case 401 -> ErrorCode.UNAUTHORIZED.exception(
                    failed + ": the credentials are wrong or lack a permission", e);
            case 403 -> kind == Kind.COMMIT
                    ? ErrorCode.COMMIT_REJECTED.exception("lakeFS rejected the " + operation
                            + ": the branch is protected or the repository is read-only (" + detail + ")", e)
                    : ErrorCode.UNAUTHORIZED.exception(failed + ": forbidden", e);
            case 404 -> kind == Kind.TASK_STATUS
                    ? ErrorCode.TASK_LOST.exception("lakeFS could not " + operation
                            + ": the task is unknown to the server: the lakeFS node may have restarted or the status"
                            + " expired; resubmit the task (" + detail + ")", e)
                    : ErrorCode.NOT_FOUND.exception(failed, e);
            case 409 -> ErrorCode.CONFLICT.exception(failed, e);
            case 410 -> ErrorCode.NOT_FOUND.exception(failed + ": gone", e);
            case 412 -> kind == Kind.COMMIT
                    ? ErrorCode.COMMIT_REJECTED.exception("lakeFS rejected the " + operation
                            + ": a pre-commit hook failed (" + detail + ")", e)
                    : ErrorCode.CONFLICT.exception(failed + ": precondition failed", e);
            case 429, 503 -> ErrorCode.THROTTLED.exception(failed + ": slow down and retry", e);
            default -> status >= 500
                    ? ErrorCode.UNAVAILABLE.exception(failed, e)
                    : ErrorCode.INTERNAL.exception("lakeFS answered an unexpected status to " + operation + " ("
                            + detail + ")", e);
        };
    }

    /**
     * The {@code message} of a lakeFS error body; otherwise the start of the body, or a placeholder when there is
     * none.
     */
    static String serverMessage(String body) {
        if (body == null || body.isBlank()) {
            return "no message";
        }
        try {
            JsonNode message = JSON.readTree(body).path("message");
            if (message.isTextual() && !message.asText().isBlank()) {
                return message.asText();
            }
        } catch (JsonProcessingException e) {
            // Not JSON (a proxy's HTML page, plain text): fall back to the raw body.
        }
        String text = body.strip().replaceAll("\\s+", " ");
        return text.length() <= MAX_BODY_CHARS ? text : text.substring(0, MAX_BODY_CHARS) + "...";
    }

    private static String describeCause(ApiException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        String message = cause.getMessage();
        String type = cause.getClass().getSimpleName();
        return message == null || message.isBlank() ? type : type + ": " + message;
    }
}
