package org.lakefsbackup.testkit.fault;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.testkit.s3.EmbeddedS3;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

class FaultInjectingProxyTest {
    private static EmbeddedS3 s3;
    private static HttpServer echo;
    private static final List<String> ECHOED = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws IOException {
        s3 = EmbeddedS3.start();
        s3.createBucket("through-proxy");
        s3.createBucket("through-proxy-b");
        // echoes method, target, a header and the body; answers with an unknown length (chunked)
        echo = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        echo.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String seen = exchange.getRequestMethod() + " " + exchange.getRequestURI() + " host="
                    + exchange.getRequestHeaders().getFirst("Host") + " x-test="
                    + exchange.getRequestHeaders().getFirst("X-Test") + " te="
                    + exchange.getRequestHeaders().getFirst("Transfer-Encoding") + " bytes=" + body.length;
            ECHOED.add(seen);
            exchange.getResponseHeaders().add("X-Echo", seen);
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        echo.start();
    }

    @AfterAll
    static void stop() {
        echo.stop(0);
        s3.close();
    }

    private static URI echoUri() {
        return URI.create("http://127.0.0.1:" + echo.getAddress().getPort());
    }

    private static S3Client client(URI endpoint, int maxAttempts) {
        return S3Client.builder().endpointOverride(endpoint).forcePathStyle(true).region(Region.of(EmbeddedS3.REGION))
                .credentialsProvider(EmbeddedS3.credentials()).httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(maxAttempts)
                        .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(10), Duration.ofMillis(200)))
                        .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(20),
                                Duration.ofMillis(200)))
                        .build()))
                .build();
    }

    @Test
    void forwardsTheAwsSdkFaithfully() {
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(s3.endpoint(), FaultInjectingProxy.Mode.S3, 1);
             S3Client client = client(proxy.endpoint(), 1)) {
            byte[] big = new byte[3 * 1024 * 1024];
            new Random(1).nextBytes(big);
            client.putObject(b -> b.bucket("through-proxy").key("dir/a b+é"), RequestBody.fromBytes(big));
            client.putObject(b -> b.bucket("through-proxy").key("dir/small").metadata(java.util.Map.of("k", "v")),
                    RequestBody.fromString("hello"));
            client.copyObject(b -> b.sourceBucket("through-proxy").sourceKey("dir/a b+é")
                    .destinationBucket("through-proxy-b").destinationKey("copied"));

            assertThat(client.getObjectAsBytes(b -> b.bucket("through-proxy-b").key("copied")).asByteArray())
                    .isEqualTo(big);
            assertThat(client.headObject(b -> b.bucket("through-proxy").key("dir/small")).metadata())
                    .containsEntry("k", "v");
            assertThat(client.listObjectsV2(b -> b.bucket("through-proxy").prefix("dir/")).contents())
                    .extracting(S3Object::key).containsExactly("dir/a b+é", "dir/small");
            assertThat(proxy.requests()).isEqualTo(6);
            assertThat(proxy.faultsInjected()).isZero();
        }
    }

    @Test
    void letsTheSdkRetryThroughThirtyPercentSlowDowns() {
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(s3.endpoint(), FaultInjectingProxy.Mode.S3, 30);
             S3Client client = client(proxy.endpoint(), 10)) {
            proxy.rules(FaultRule.slowDown(0.3));
            for (int i = 0; i < 30; i++) {
                int n = i;
                client.putObject(b -> b.bucket("through-proxy").key("retry/" + n), RequestBody.fromString("v" + n));
            }
            List<String> listed = client.listObjectsV2Paginator(b -> b.bucket("through-proxy").prefix("retry/").maxKeys(7))
                    .contents().stream().map(S3Object::key).toList();
            String value = client.getObjectAsBytes(b -> b.bucket("through-proxy").key("retry/29")).asUtf8String();

            assertThat(listed).hasSize(30);
            assertThat(value).isEqualTo("v29");
            assertThat(proxy.faultsInjected(Fault.SLOW_DOWN)).isGreaterThan(5);
            assertThat(proxy.requests()).isEqualTo(30 + 5 + 1 + proxy.faultsInjected());
        }
    }

    @Test
    void answersWithS3SlowDownErrors() {
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(s3.endpoint(), FaultInjectingProxy.Mode.S3, 1);
             S3Client client = client(proxy.endpoint(), 1)) {
            proxy.rules(FaultRule.slowDown(1.0));
            assertThatThrownBy(() -> client.listObjectsV2(b -> b.bucket("through-proxy")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(503);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SlowDown");
                        assertThat(e.isThrottlingException()).isTrue();
                    });
        }
    }

    @Test
    void answersWithLakeFsJsonErrors() throws Exception {
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(echoUri(), FaultInjectingProxy.Mode.LAKEFS, 1)) {
            proxy.rules(FaultRule.slowDown(1.0).onlyTargets("^/api/v1/repositories"), FaultRule.serverError(1.0)
                    .onlyMethods("POST"));
            HttpResponse<String> throttled = http.send(HttpRequest.newBuilder(proxy.endpoint().resolve("/api/v1/repositories"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> failed = http.send(HttpRequest.newBuilder(proxy.endpoint().resolve("/api/v1/other"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> passed = http.send(HttpRequest.newBuilder(proxy.endpoint().resolve("/api/v1/other"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(throttled.statusCode()).isEqualTo(503);
            assertThat(throttled.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(throttled.body()).startsWith("{\"message\":");
            assertThat(failed.statusCode()).isEqualTo(500);
            assertThat(failed.body()).startsWith("{\"message\":");
            assertThat(passed.statusCode()).isEqualTo(200);
            assertThat(proxy.faultsInjected(Fault.SLOW_DOWN)).isEqualTo(1);
            assertThat(proxy.faultsInjected(Fault.SERVER_ERROR)).isEqualTo(1);
        }
    }

    @Test
    void forwardsChunkedBodiesBothWaysWithHeadersAsReceived() throws Exception {
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(echoUri(), FaultInjectingProxy.Mode.LAKEFS, 1)) {
            byte[] body = new byte[300_000];
            new Random(2).nextBytes(body);
            // an InputStream publisher has no known length: the JDK client sends it chunked
            HttpRequest request = HttpRequest.newBuilder(proxy.endpoint().resolve("/upload?x=1&y=%2F"))
                    .header("X-Test", "kept")
                    .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                    .build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(body);
            assertThat(response.headers().firstValue("X-Echo")).hasValue("PUT /upload?x=1&y=%2F host=127.0.0.1:"
                    + proxy.endpoint().getPort() + " x-test=kept te=chunked bytes=300000");
        }
    }

    @Test
    void keepsConnectionsAliveAcrossRequests() throws Exception {
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(echoUri(), FaultInjectingProxy.Mode.LAKEFS, 1)) {
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(proxy.endpoint().resolve("/k/" + i))
                        .POST(HttpRequest.BodyPublishers.ofString("body " + i)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.body()).isEqualTo("body " + i);
            }
            assertThat(proxy.requests()).isEqualTo(5);
        }
    }

    @Test
    void injectsOnTheNthMatchingRequestOnly() throws Exception {
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(echoUri(), FaultInjectingProxy.Mode.LAKEFS, 1)) {
            proxy.rules(FaultRule.serverError(1.0).onlyMethods("GET").onNthRequest(3));
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                statuses.add(http.send(HttpRequest.newBuilder(proxy.endpoint().resolve("/n")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode());
                http.send(HttpRequest.newBuilder(proxy.endpoint().resolve("/n")).POST(HttpRequest.BodyPublishers
                        .noBody()).build(), HttpResponse.BodyHandlers.discarding());
            }
            assertThat(statuses).containsExactly(200, 200, 500, 200, 200);
            assertThat(proxy.requests()).isEqualTo(10);
            assertThat(proxy.faultsInjected()).isEqualTo(1);
        }
    }

    @Test
    void resetsConnections() {
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(echoUri(), FaultInjectingProxy.Mode.LAKEFS, 1)) {
            proxy.rules(FaultRule.connectionReset(1.0));
            assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(proxy.endpoint().resolve("/r")).build(),
                    HttpResponse.BodyHandlers.discarding())).isInstanceOf(IOException.class);
            // the JDK client retries an idempotent GET once by itself
            assertThat(proxy.faultsInjected(Fault.CONNECTION_RESET)).isBetween(1L, 2L);
            assertThat(proxy.faultsInjected(Fault.CONNECTION_RESET)).isEqualTo(proxy.requests());
        }
    }

    @Test
    void addsLatency() throws Exception {
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(echoUri(), FaultInjectingProxy.Mode.LAKEFS, 1)) {
            proxy.rules(FaultRule.latency(Duration.ofMillis(300)).onlyTargets("/slow"));
            long start = System.nanoTime();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(proxy.endpoint().resolve("/slow")).build(),
                    HttpResponse.BodyHandlers.ofString());
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(elapsedMs).isGreaterThanOrEqualTo(300);
            assertThat(proxy.faultsInjected(Fault.LATENCY)).isEqualTo(1);
        }
    }

    @Test
    void injectsTheSameFaultsForTheSameSeed() throws Exception {
        assertThat(faultPattern(42)).isEqualTo(faultPattern(42)).isNotEqualTo(faultPattern(43));
    }

    private List<Integer> faultPattern(long seed) throws Exception {
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(echoUri(), FaultInjectingProxy.Mode.LAKEFS, seed)) {
            proxy.rules(FaultRule.slowDown(0.5));
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                statuses.add(http.send(HttpRequest.newBuilder(proxy.endpoint().resolve("/p")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode());
            }
            return statuses;
        }
    }

}
