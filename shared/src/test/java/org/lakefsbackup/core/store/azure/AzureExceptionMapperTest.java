package org.lakefsbackup.core.store.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.storage.blob.models.BlobStorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class AzureExceptionMapperTest {

    @ParameterizedTest(name = "{0} {1} is {2}")
    @CsvSource({
        "503, ServerBusy, THROTTLED",
        "429, '', THROTTLED",
        "500, OperationTimedOut, UNAVAILABLE",
        "502, '', UNAVAILABLE",
        "408, '', UNAVAILABLE",
        "403, AuthorizationPermissionMismatch, UNAUTHORIZED",
        "403, CannotVerifyCopySource, UNAUTHORIZED",
        "401, NoAuthenticationInformation, UNAUTHORIZED",
        "404, BlobNotFound, NOT_FOUND",
        "404, CannotVerifyCopySource, NOT_FOUND",
        "409, BlobAlreadyExists, CONFLICT",
        "412, SourceConditionNotMet, CONFLICT",
        "400, InvalidBlockList, INVALID_INPUT",
        "413, RequestBodyTooLarge, INVALID_INPUT"})
    void mapsServiceAnswersByStatusAndCode(int status, String code, ErrorCode expected) {
        LakeFsBackupException e = AzureExceptionMapper.map(blobError(status, code, "what went wrong"), "copying x");
        assertThat(e.code()).isEqualTo(expected);
        assertThat(e.getMessage()).startsWith("copying x failed: HTTP " + status);
    }

    @Test
    void keepsOnlyTheFirstLineOfAzuresMessage() {
        String xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthenticationFailed</Code><Message>"
                + "Server failed to authenticate the request.\nRequestId:1\nTime:2026</Message>"
                + "<AuthenticationErrorDetail>string to sign: PUT\n...</AuthenticationErrorDetail></Error>";
        LakeFsBackupException e = AzureExceptionMapper.map(new BlobStorageException(xml,
                response(403, "AuthenticationFailed"), null), "writing y");
        assertThat(e.getMessage()).isEqualTo("writing y failed: HTTP 403 AuthenticationFailed: Server failed to "
                + "authenticate the request.");
    }

    @Test
    void mapsCredentialAndConnectionFailures() {
        assertThat(AzureExceptionMapper.map(new ClientAuthenticationException("no managed identity", null), "listing")
                .code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(AzureExceptionMapper.map(new UncheckedIOException(new IOException("Connection refused")), "listing")
                .code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(AzureExceptionMapper.map(new RuntimeException(new IOException("reset")), "listing").code())
                .isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(AzureExceptionMapper.map(new IllegalStateException("bug"), "listing").code())
                .isEqualTo(ErrorCode.INTERNAL);
    }

    @Test
    void returnsTheCoresOwnExceptionsUnchanged() {
        LakeFsBackupException own = ErrorCode.NOT_FOUND.exception("gone");
        assertThat(AzureExceptionMapper.map(own, "reading")).isSameAs(own);
    }

    private static BlobStorageException blobError(int status, String code, String message) {
        String xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code + "</Code><Message>" + message
                + "</Message></Error>";
        return new BlobStorageException(xml, response(status, code), null);
    }

    private static HttpResponse response(int status, String code) {
        HttpHeaders headers = new HttpHeaders();
        if (!code.isEmpty()) {
            headers.set(HttpHeaderName.fromString("x-ms-error-code"), code);
        }
        HttpRequest request = new HttpRequest(HttpMethod.GET, "https://a.blob.core.windows.net/c/k");
        return new HttpResponse(request) {
            @Override
            public int getStatusCode() {
                return status;
            }

            @Override
            @Deprecated
            public String getHeaderValue(String name) {
                return headers.getValue(HttpHeaderName.fromString(name));
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }

            @Override
            public Flux<ByteBuffer> getBody() {
                return Flux.empty();
            }

            @Override
            public Mono<byte[]> getBodyAsByteArray() {
                return Mono.empty();
            }

            @Override
            public Mono<String> getBodyAsString() {
                return Mono.empty();
            }

            @Override
            public Mono<String> getBodyAsString(Charset charset) {
                return Mono.empty();
            }
        };
    }
}
