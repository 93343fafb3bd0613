package org.lakefsbackup.core.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3ExceptionMapperTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "503, SlowDown, THROTTLED",
            "429, TooManyRequests, THROTTLED",
            "503, ServiceUnavailable, UNAVAILABLE",
            "500, InternalError, UNAVAILABLE",
            "502, '', UNAVAILABLE",
            "403, AccessDenied, UNAUTHORIZED",
            "403, SignatureDoesNotMatch, UNAUTHORIZED",
            "400, ExpiredToken, UNAUTHORIZED",
            "404, NoSuchKey, NOT_FOUND",
            "404, NoSuchBucket, NOT_FOUND",
            "400, InvalidArgument, INVALID_INPUT",
            "400, RequestTimeout, UNAVAILABLE",
            "412, PreconditionFailed, CONFLICT",
            "409, OperationAborted, CONFLICT",
            "405, MethodNotAllowed, INTERNAL",
    })
    void mapsServiceErrors(int status, String code, ErrorCode expected) {
        S3Exception e = (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("msg").build()).build();

        LakeFsBackupException mapped = S3ExceptionMapper.map(e, "copying s3://a/b");

        assertThat(mapped.code()).isEqualTo(expected);
        assertThat(mapped.getCause()).isSameAs(e);
        assertThat(mapped.getMessage()).startsWith("copying s3://a/b failed: HTTP " + status);
    }

    @Test
    void mapsConnectionFailuresToUnavailable() {
        var e = SdkClientException.create("Unable to execute HTTP request: Connection refused");
        assertThat(S3ExceptionMapper.map(e, "listing").code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(S3ExceptionMapper.map(e, "listing").retryable()).isTrue();
    }

    @Test
    void mapsMissingCredentialsToUnauthorized() {
        var e = SdkClientException.create("Unable to load credentials from any of the providers in the chain");
        assertThat(S3ExceptionMapper.map(e, "listing").code()).isEqualTo(ErrorCode.UNAUTHORIZED);
    }
}
