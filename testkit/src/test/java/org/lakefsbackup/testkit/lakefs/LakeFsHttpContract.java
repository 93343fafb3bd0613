package org.lakefsbackup.testkit.lakefs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Wire-level behaviour not visible through the SDK (raw bodies, error documents, unauthenticated endpoints): what
 * the emulator claims about lakeFS, run against the emulator and real lakeFS (one subclass each). Emulator
 * switches (versions, task delays, lost tasks, hook failures, request counts) skip on real lakeFS.
 */
abstract class LakeFsHttpContract {
    /** A fresh lakeFS for one test. */
    abstract EmulatorFixture newFixture();

    final EmulatorFixture fx = newFixture();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private HttpRequest.Builder request(String path, boolean authenticated) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fx.endpoint() + path));
        if (authenticated) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (EmulatorFixture.KEY_ID + ":" + EmulatorFixture.SECRET).getBytes(StandardCharsets.UTF_8)));
        }
        return b;
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void errorsAreJsonMessages() throws Exception {
        HttpResponse<String> unknown = send(request("/no/such/endpoint", true).GET().build());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(unknown.body()).startsWith("{\"message\":");

        // Outside /api/v1 lakeFS serves its web UI, whatever the path.
        HttpResponse<String> outside = send(HttpRequest.newBuilder(
                URI.create(fx.endpoint().replace("/api/v1", "/other"))).GET().build());
        assertThat(outside.statusCode()).isEqualTo(200);
        assertThat(outside.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/html"));

        HttpResponse<String> anonymous = send(request("/repositories", false).GET().build());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).isEqualTo("{\"message\":\"error authenticating request\"}\n");

        HttpResponse<String> badJson = send(request("/repositories", true)
                .POST(HttpRequest.BodyPublishers.ofString("{not json")).header("Content-Type", "application/json")
                .build());
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(badJson.body()).startsWith("{\"message\":");
    }

    @Test
    void healthcheckAndSetupStateNeedNoCredentials() throws Exception {
        assertThat(send(request("/healthcheck", false).GET().build()).statusCode()).isEqualTo(204);
        HttpResponse<String> setup = send(request("/setup_lakefs", false).GET().build());
        assertThat(setup.statusCode()).isEqualTo(200);
        assertThat(setup.body()).contains("initialized");
    }

    @Test
    void rawOctetStreamUploadIsAcceptedAndCounted() throws Exception {
        fx.createRepository("repo-one", "s3://bucket/one");
        if (fx.isEmulator()) {
            fx.emulator().resetRequestCounts();
        }
        HttpResponse<String> upload = send(request("/repositories/repo-one/branches/main/objects?path=raw%2Fa%20b.bin",
                true).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0, 1, 2, (byte) 255})).build());
        assertThat(upload.statusCode()).isEqualTo(201);
        assertThat(upload.body()).contains("\"path\":\"raw/a b.bin\"").contains("\"size_bytes\":4");

        HttpResponse<byte[]> read = http.send(request("/repositories/repo-one/refs/main/objects?path=raw%2Fa%20b.bin",
                true).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).containsExactly(0, 1, 2, 255);
        if (fx.isEmulator()) {
            assertThat(fx.emulator().requestCount("POST /repositories/{repository}/branches/{branch}/objects"))
                    .isEqualTo(1);
            assertThat(fx.emulator().requestCounts())
                    .containsEntry("GET /repositories/{repository}/refs/{ref}/objects", 1L);
        }
    }
}
