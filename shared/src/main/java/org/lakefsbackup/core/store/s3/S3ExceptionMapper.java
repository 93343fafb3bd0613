package org.lakefsbackup.core.store.s3;

import java.util.Set;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.error.TlsFailures;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Translates AWS SDK exceptions into the core's error codes: throttling (503 SlowDown, 429) is {@code THROTTLED},
 * other server errors and connection failures {@code UNAVAILABLE}, 401/403 {@code UNAUTHORIZED}, 404
 * {@code NOT_FOUND}, 400 {@code INVALID_INPUT}, 409/412 {@code CONFLICT}; a TLS certificate the client does not trust
 * {@code UNTRUSTED_CERTIFICATE}.
 */
public final class S3ExceptionMapper {
    private static final Set<String> THROTTLING_CODES = Set.of("SlowDown", "Throttling", "ThrottlingException",
            "RequestLimitExceeded", "TooManyRequestsException", "RequestThrottled");
    private static final Set<String> EXPIRED_CREDENTIALS = Set.of("ExpiredToken", "InvalidToken", "TokenRefreshRequired");

    private S3ExceptionMapper() {
    }

    /**
     * @param what what was being done, e.g. {@code "copying s3://a/b to s3://c/d"}
     */
    public static LakeFsBackupException map(SdkException e, String what) {
        if (e instanceof SdkServiceException service) {
            return mapService(service, what);
        }
        if (e instanceof SdkClientException) {
            var untrusted = TlsFailures.untrustedCertificate(e);
            if (untrusted.isPresent()) {
                return TlsFailures.untrusted("the S3 endpoint (" + what + ")", untrusted.get(), e);
            }
            String message = String.valueOf(e.getMessage());
            if (message.startsWith("Unable to load credentials")) {
                return ErrorCode.UNAUTHORIZED.exception(what + " failed: " + message, e);
            }
            return ErrorCode.UNAVAILABLE.exception(what + " failed: " + message, e);
        }
        return ErrorCode.INTERNAL.exception(what + " failed: " + e.getMessage(), e);
    }

    /** The S3 error code ({@code NoSuchKey}, {@code SlowDown}...), or empty when the response had none. */
    public static String errorCode(SdkException e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                && aws.awsErrorDetails().errorCode() != null) {
            return aws.awsErrorDetails().errorCode();
        }
        return "";
    }

    private static LakeFsBackupException mapService(SdkServiceException e, String what) {
        int status = e.statusCode();
        String code = errorCode(e);
        String message = what + " failed: HTTP " + status + (code.isEmpty() ? "" : " " + code) + ": "
                + (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                        ? aws.awsErrorDetails().errorMessage() : e.getMessage());
        ErrorCode mapped;
        if (status == 429 || THROTTLING_CODES.contains(code) || e.isThrottlingException()) {
            mapped = ErrorCode.THROTTLED;
        } else if (status >= 500) {
            mapped = ErrorCode.UNAVAILABLE;
        } else if (status == 401 || status == 403 || EXPIRED_CREDENTIALS.contains(code)) {
            mapped = ErrorCode.UNAUTHORIZED;
        } else if (status == 404) {
            mapped = ErrorCode.NOT_FOUND;
        } else if (status == 409 || status == 412) {
            mapped = ErrorCode.CONFLICT;
        } else if (status == 400 && ("RequestTimeout".equals(code) || "RequestTimeTooSkewed".equals(code))) {
            mapped = ErrorCode.UNAVAILABLE;
        } else if (status == 400) {
            mapped = ErrorCode.INVALID_INPUT;
        } else {
            mapped = ErrorCode.INTERNAL;
        }
        return mapped.exception(message, e);
    }
}
