package org.lakefsbackup.core.store.azure;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.storage.blob.models.BlobStorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;

/**
 * Translates Azure SDK exceptions into the core's error codes: 429 and 503 ({@code ServerBusy}) are
 * {@code THROTTLED}, other server errors, I/O failures and timeouts {@code UNAVAILABLE}, 401/403 and credential
 * failures {@code UNAUTHORIZED}, 404 {@code NOT_FOUND}, 409/412 {@code CONFLICT}, other 4xx {@code INVALID_INPUT}.
 * A copy whose source Azure could not read ({@code CannotVerifyCopySource}) carries the source's status, and maps
 * by it. Messages name the operation, the status and Azure's error code, never a SAS or key.
 */
public final class AzureExceptionMapper {
    private static final HttpHeaderName ERROR_CODE = HttpHeaderName.fromString("x-ms-error-code");
    private static final Set<String> THROTTLING_CODES = Set.of("ServerBusy", "TooManyRequests");

    private AzureExceptionMapper() {
    }

    /**
     * @param what what was being done, e.g. {@code "copying https://a.blob.core.windows.net/c/k to ..."}
     */
    public static LakeFsBackupException map(RuntimeException e, String what) {
        if (e instanceof LakeFsBackupException already) {
            return already;
        }
        if (e instanceof ClientAuthenticationException) {
            return ErrorCode.UNAUTHORIZED.exception(what + " failed: " + e.getMessage(), e);
        }
        if (e instanceof HttpResponseException http && http.getResponse() != null) {
            return mapResponse(http, what);
        }
        if (hasCause(e, IOException.class) || hasCause(e, TimeoutException.class) || e instanceof UncheckedIOException) {
            return ErrorCode.UNAVAILABLE.exception(what + " failed: " + e.getMessage(), e);
        }
        return ErrorCode.INTERNAL.exception(what + " failed: " + e, e);
    }

    /** Azure's error code ({@code BlobNotFound}, {@code ServerBusy}...), or empty when the answer had none. */
    public static String errorCode(RuntimeException e) {
        if (e instanceof BlobStorageException blob && blob.getErrorCode() != null) {
            return blob.getErrorCode().toString();
        }
        if (e instanceof HttpResponseException http && http.getResponse() != null) {
            String header = http.getResponse().getHeaderValue(ERROR_CODE);
            return header == null ? "" : header;
        }
        return "";
    }

    /** The HTTP status of a service answer, or -1 when there was none. */
    public static int status(RuntimeException e) {
        return e instanceof HttpResponseException http && http.getResponse() != null
                ? http.getResponse().getStatusCode() : -1;
    }

    private static LakeFsBackupException mapResponse(HttpResponseException e, String what) {
        int status = e.getResponse().getStatusCode();
        String code = errorCode(e);
        String detail = serviceMessage(e);
        String message = what + " failed: HTTP " + status + (code.isEmpty() ? "" : " " + code)
                + (detail.isEmpty() ? "" : ": " + detail);
        ErrorCode mapped;
        if (status == 429 || THROTTLING_CODES.contains(code) || status == 503) {
            mapped = ErrorCode.THROTTLED;
        } else if (status >= 500 || status == 408) {
            mapped = ErrorCode.UNAVAILABLE;
        } else if (status == 401 || status == 403) {
            mapped = ErrorCode.UNAUTHORIZED;
        } else if (status == 404) {
            mapped = ErrorCode.NOT_FOUND;
        } else if (status == 409 || status == 412) {
            mapped = ErrorCode.CONFLICT;
        } else if (status >= 400) {
            mapped = ErrorCode.INVALID_INPUT;
        } else {
            mapped = ErrorCode.INTERNAL;
        }
        return mapped.exception(message, e);
    }

    /**
     * The first line of Azure's {@code <Message>} (further lines hold request and time ids), or empty. The SDK's own
     * text around it (hints, the raw XML, which can hold a string-to-sign) is left out.
     */
    private static String serviceMessage(HttpResponseException e) {
        String text = String.valueOf(e.getMessage());
        int start = text.indexOf("<Message>");
        int end = text.indexOf("</Message>");
        if (start < 0 || end < start) {
            return "";
        }
        String message = text.substring(start + "<Message>".length(), end);
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
