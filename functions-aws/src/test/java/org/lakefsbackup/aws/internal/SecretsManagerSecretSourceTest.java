package org.lakefsbackup.aws.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.aws.LakeFsSecret;
import org.lakefsbackup.core.error.NotFoundException;
import org.lakefsbackup.core.error.UnauthorizedException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The real Secrets Manager client against a stub of its JSON protocol. */
class SecretsManagerSecretSourceTest {
    static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:lakefs-AbCdEf";
    WireMockServer wm;

    @BeforeEach
    void start() {
        wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    SecretsManagerSecretSource source() {
        return SecretsManagerSecretSource.create(ARN, URI.create("http://127.0.0.1:" + wm.port()), "eu-west-1",
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret")));
    }

    @Test
    void theSecretIsFetchedOnceAndItsValueNeverPrinted() {
        wm.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                .withRequestBody(containing(ARN))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"ARN\":\"" + ARN + "\",\"Name\":\"lakefs\",\"SecretString\":"
                                + "\"{\\\"access_key_id\\\":\\\"AKIALAKEFS\\\",\\\"secret_access_key\\\":\\\"s3cr3t-v4lue\\\","
                                + "\\\"endpoint_url\\\":\\\"https://lakefs.example.com\\\"}\"}")));
        try (SecretsManagerSecretSource source = source()) {
            LakeFsSecret first = source.fetch();
            LakeFsSecret second = source.fetch();
            assertThat(first.accessKeyId()).isEqualTo("AKIALAKEFS");
            assertThat(first.secretAccessKey()).isEqualTo("s3cr3t-v4lue");
            assertThat(first.endpointUrl()).isEqualTo("https://lakefs.example.com");
            assertThat(second).isSameAs(first);
            assertThat(first.toString()).doesNotContain("s3cr3t-v4lue");
        }
        wm.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void aMissingSecretIsNotFoundAndADeniedOneUnauthorized() {
        wm.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager can't find it\"}")));
        try (SecretsManagerSecretSource source = source()) {
            assertThatThrownBy(source::fetch).isInstanceOf(NotFoundException.class).hasMessageContaining(ARN);
        }
        wm.resetAll();
        wm.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"AccessDeniedException\",\"message\":\"not allowed\"}")));
        try (SecretsManagerSecretSource source = source()) {
            assertThatThrownBy(source::fetch).isInstanceOf(UnauthorizedException.class);
        }
    }

    @Test
    void aMalformedSecretIsRejectedWithoutEchoingIt() {
        assertThatThrownBy(() -> LakeFsSecret.parse("{\"access_key_id\":\"A\",\"secret\":\"leak-me\"}"))
                .hasMessageNotContaining("leak-me");
        assertThatThrownBy(() -> LakeFsSecret.parse("leak-me-too")).hasMessageNotContaining("leak-me-too");
    }
}
