package org.lakefsbackup.core.lakefs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.lakefs.LakeFsConfigResolver.Flags;

class LakeFsConfigTest {
    private static final URI ENDPOINT = URI.create("https://lakefs.example.com/api/v1");

    @Test
    void toStringRedactsTheSecret() {
        LakeFsConfig config = new LakeFsConfig(ENDPOINT, "AKIAKEY", "very-secret-value");

        assertThat(config.toString()).contains("AKIAKEY", ENDPOINT.toString(), "****")
                .doesNotContain("very-secret-value");
        assertThat(new Flags(null, "k", "very-secret-value").toString()).doesNotContain("very-secret-value");
    }

    @Test
    void defaultsAndOverridesTimeouts() {
        LakeFsConfig config = new LakeFsConfig(ENDPOINT, "k", "s");

        assertThat(config.connectTimeout()).isEqualTo(LakeFsConfig.DEFAULT_CONNECT_TIMEOUT);
        assertThat(config.readTimeout()).isEqualTo(LakeFsConfig.DEFAULT_READ_TIMEOUT);
        LakeFsConfig slow = config.withTimeouts(null, Duration.ofMinutes(30));
        assertThat(slow.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(slow.readTimeout()).isEqualTo(Duration.ofMinutes(30));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://lakefs.example.com/api/v1", "https://lakefs.example.com",
            "https://lakefs.example.com/api/v1?x=1", "/api/v1"})
    void rejectsBadEndpoints(String endpoint) {
        assertThatThrownBy(() -> new LakeFsConfig(URI.create(endpoint), "k", "s"))
                .isInstanceOf(ErrorCode.INVALID_INPUT.exceptionClass())
                .hasMessageContaining("lakeFS endpoint");
    }

    @Test
    void rejectsCredentialsInTheEndpointWithoutEchoingThem() {
        assertThatThrownBy(() -> new LakeFsConfig(URI.create("https://user:hunter2@lakefs.example.com/api/v1"),
                "k", "s"))
                .isInstanceOf(ErrorCode.INVALID_INPUT.exceptionClass())
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void rejectsEmptyKeysAndNonPositiveTimeouts() {
        assertThatThrownBy(() -> new LakeFsConfig(ENDPOINT, " ", "s"))
                .isInstanceOf(ErrorCode.INVALID_INPUT.exceptionClass()).hasMessageContaining("access key id");
        assertThatThrownBy(() -> new LakeFsConfig(ENDPOINT, "k", null))
                .isInstanceOf(ErrorCode.INVALID_INPUT.exceptionClass()).hasMessageContaining("secret access key");
        assertThatThrownBy(() -> new LakeFsConfig(ENDPOINT, "k", "s", Duration.ZERO, null))
                .isInstanceOf(ErrorCode.INVALID_INPUT.exceptionClass()).hasMessageContaining("connect timeout");
    }
}
