package org.lakefsbackup.core.lakefs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.lakefs.LakeFsConfigResolver.Flags;

class LakeFsConfigResolverTest {
    private static final String YAML = """
            credentials:
              access_key_id: file-key
              secret_access_key: file-secret
            server:
              endpoint_url: https://file.example.com
            """;

    @TempDir
    Path home;

    @Test
    void readsEverythingFromLakectlYaml() throws IOException {
        Files.writeString(home.resolve(".lakectl.yaml"), YAML);

        LakeFsConfig config = new LakeFsConfigResolver(Map.of(), home).resolve(Flags.NONE);

        assertThat(config.endpoint()).isEqualTo(URI.create("https://file.example.com/api/v1"));
        assertThat(config.accessKeyId()).isEqualTo("file-key");
        assertThat(config.secretAccessKey()).isEqualTo("file-secret");
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void environmentOverridesTheFileAndFlagsOverrideBothValueByValue() throws IOException {
        Files.writeString(home.resolve(".lakectl.yaml"), YAML);
        Map<String, String> env = Map.of(
                "LAKECTL_SERVER_ENDPOINT_URL", "http://env.example.com:8000",
                "LAKECTL_CREDENTIALS_ACCESS_KEY_ID", "env-key");

        LakeFsConfigResolver resolver = new LakeFsConfigResolver(env, home);
        LakeFsConfig fromEnv = resolver.resolve(Flags.NONE);
        LakeFsConfig fromFlags = resolver.resolve(new Flags("flag.example.com", null, "flag-secret"));

        assertThat(fromEnv.endpoint()).isEqualTo(URI.create("http://env.example.com:8000/api/v1"));
        assertThat(fromEnv.accessKeyId()).isEqualTo("env-key");
        assertThat(fromEnv.secretAccessKey()).isEqualTo("file-secret");
        assertThat(fromFlags.endpoint()).isEqualTo(URI.create("http://flag.example.com/api/v1"));
        assertThat(fromFlags.accessKeyId()).isEqualTo("env-key");
        assertThat(fromFlags.secretAccessKey()).isEqualTo("flag-secret");
    }

    @Test
    void blankValuesCountAsUnset() throws IOException {
        Files.writeString(home.resolve(".lakectl.yaml"), YAML);
        Map<String, String> env = Map.of("LAKECTL_CREDENTIALS_ACCESS_KEY_ID", "  ");

        LakeFsConfig config = new LakeFsConfigResolver(env, home).resolve(new Flags("", null, null));

        assertThat(config.accessKeyId()).isEqualTo("file-key");
        assertThat(config.endpoint().getHost()).isEqualTo("file.example.com");
    }

    @Test
    void missingValuesNameAllThreeSources() {
        Map<String, String> env = Map.of("LAKECTL_CREDENTIALS_ACCESS_KEY_ID", "env-key");

        assertThatThrownBy(() -> new LakeFsConfigResolver(env, home).resolve(Flags.NONE))
                .isInstanceOf(ErrorCode.INVALID_INPUT.exceptionClass())
                .hasMessageContaining("lakeFS endpoint is not set: pass --endpoint-url, set LAKECTL_SERVER_ENDPOINT_URL,"
                        + " or set server.endpoint_url in " + home.resolve(".lakectl.yaml"))
                .hasMessageContaining("lakeFS secret access key is not set: pass --secret-access-key, set "
                        + "LAKECTL_CREDENTIALS_SECRET_ACCESS_KEY, or set credentials.secret_access_key")
                .hasMessageNotContaining("access key id is not set");
    }

    @Test
    void malformedFileIsAWarningThatDoesNotQuoteTheFile() throws IOException {
        Files.writeString(home.resolve(".lakectl.yaml"), """
                credentials:
                  secret_access_key: "s3cr3t-in-a-broken-line
                server: [
                """);
        Map<String, String> env = Map.of(
                "LAKECTL_SERVER_ENDPOINT_URL", "https://env.example.com",
                "LAKECTL_CREDENTIALS_ACCESS_KEY_ID", "env-key",
                "LAKECTL_CREDENTIALS_SECRET_ACCESS_KEY", "env-secret");

        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LakeFsConfig config;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            config = new LakeFsConfigResolver(env, home).resolve(Flags.NONE);
        } finally {
            System.setErr(original);
        }

        assertThat(config.secretAccessKey()).isEqualTo("env-secret");
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("WARN").contains("Failed to load config from").doesNotContain("s3cr3t");
    }

    @Test
    void fileWithOtherShapesIsIgnored() throws IOException {
        Files.writeString(home.resolve(".lakectl.yaml"), "credentials: just-a-string\nserver:\n  endpoint_url: [1]\n");

        assertThatThrownBy(() -> new LakeFsConfigResolver(Map.of(), home).resolve(Flags.NONE))
                .isInstanceOf(ErrorCode.INVALID_INPUT.exceptionClass())
                .hasMessageContaining("endpoint is not set")
                .hasMessageContaining("access key id is not set");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "localhost:8000, http://localhost:8000/api/v1",
            "lakefs.example.com, http://lakefs.example.com/api/v1",
            "https://lakefs.example.com, https://lakefs.example.com/api/v1",
            "https://lakefs.example.com/, https://lakefs.example.com/api/v1",
            "https://lakefs.example.com/api/v1/, https://lakefs.example.com/api/v1",
            "http://10.0.0.1:8000/api/v1, http://10.0.0.1:8000/api/v1",
            "https://proxy.example.com/lakefs/api/v1, https://proxy.example.com/lakefs/api/v1",
            "https://proxy.example.com/lakefs/, https://proxy.example.com/lakefs"})
    void normalisesEndpoints(String input, String expected) {
        assertThat(LakeFsConfigResolver.normalizeEndpoint(input)).isEqualTo(URI.create(expected));
    }

    @Test
    void anEndpointWithAnotherPathIsRejectedWithAHint() {
        Map<String, String> env = Map.of(
                "LAKECTL_SERVER_ENDPOINT_URL", "https://proxy.example.com/lakefs",
                "LAKECTL_CREDENTIALS_ACCESS_KEY_ID", "k",
                "LAKECTL_CREDENTIALS_SECRET_ACCESS_KEY", "s");

        assertThatThrownBy(() -> new LakeFsConfigResolver(env, home).resolve(Flags.NONE))
                .isInstanceOf(ErrorCode.INVALID_INPUT.exceptionClass())
                .hasMessageContaining("must end with /api/v1 (e.g. https://proxy.example.com/lakefs/api/v1)");
    }
}
