package org.lakefsbackup.core.lakefs;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakefs.clients.sdk.ApiException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.lakefs.LakeFsErrorMapper.Kind;

class LakeFsErrorMapperTest {
    private final LakeFsErrorMapper mapper = new LakeFsErrorMapper("https://lakefs.example.com/api/v1");

    @Test
    void extractsLakeFsMessageFromTheBody() {
        assertThat(LakeFsErrorMapper.serverMessage("{\"message\":\"can only restore into a bare repository\"}"))
                .isEqualTo("can only restore into a bare repository");
        assertThat(LakeFsErrorMapper.serverMessage("{\"other\":1}")).isEqualTo("{\"other\":1}");
        assertThat(LakeFsErrorMapper.serverMessage("  \n")).isEqualTo("no message");
        assertThat(LakeFsErrorMapper.serverMessage(null)).isEqualTo("no message");
        assertThat(LakeFsErrorMapper.serverMessage("x".repeat(1000))).hasSize(303).endsWith("...");
    }

    @Test
    void restoreIntoANonBareRepositoryIsInvalidInput() {
        LakeFsBackupException e = mapper.map("submit a refs restore into 'repo2'", http(400,
                "{\"message\":\"can only restore into a bare repository\"}"));

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(e.getMessage()).isEqualTo("lakeFS could not submit a refs restore into 'repo2' (HTTP 400: can only"
                + " restore into a bare repository)");
    }

    @Test
    void timeoutsAndUnknownHostsAreUnavailable() {
        LakeFsBackupException timeout = mapper.map("dump refs of 'r'",
                new ApiException(new SocketTimeoutException("timeout")));
        LakeFsBackupException unknown = mapper.map("get the server config",
                new ApiException(new UnknownHostException("lakefs.invalid")));

        assertThat(timeout.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(timeout.getMessage()).isEqualTo("lakeFS is unreachable at https://lakefs.example.com/api/v1: "
                + "SocketTimeoutException: timeout (while trying to dump refs of 'r')");
        assertThat(unknown.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(unknown.getMessage()).contains("UnknownHostException: lakefs.invalid");
    }

    @Test
    void statusesDependOnTheKindOfCall() {
        assertThat(mapper.map(Kind.TASK_STATUS, "x", http(404, "")).code()).isEqualTo(ErrorCode.TASK_LOST);
        assertThat(mapper.map(Kind.COMMIT, "x", http(404, "")).code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(mapper.map(Kind.TASK_STATUS, "x", http(403, "")).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(mapper.map(Kind.COMMIT, "x", http(409, "")).code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(mapper.map(Kind.DEFAULT, "x", http(418, "")).code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(mapper.map(Kind.DEFAULT, "x", new ApiException("Missing the required parameter")).code())
                .isEqualTo(ErrorCode.INTERNAL);
    }

    @Test
    void retryabilityFollowsTheCode() {
        assertThat(mapper.map("x", http(429, "")).retryable()).isTrue();
        assertThat(mapper.map("x", http(500, "{\"message\":\"branch is currently locked, try again later\"}"))
                .retryable()).isTrue();
        assertThat(mapper.map("x", http(401, "")).retryable()).isFalse();
    }

    private static ApiException http(int status, String body) {
        return new ApiException("HTTP " + status, status, Map.of(), body);
    }
}
