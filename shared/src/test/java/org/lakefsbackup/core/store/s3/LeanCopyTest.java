package org.lakefsbackup.core.store.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.store.CopyRequest;
import org.lakefsbackup.core.store.CopyResult;
import org.lakefsbackup.core.store.Location;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Copies sent without the SDK's pipeline against a canned S3: the same request as the SDK client's (path, copy
 * source, headers), errors inside a 200 answer, retries of throttling, and the mapping of what still fails.
 */
class LeanCopyTest {
    private static final String OK = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><CopyObjectResult>"
            + "<LastModified>2025-01-01T00:00:00.000Z</LastModified><ETag>&quot;0f343b0931126a20f133d67c2b018a3b&quot;"
            + "</ETag><ChecksumCRC64NVME>J8x3aVI2W7I=</ChecksumCRC64NVME></CopyObjectResult>";

    record Seen(String method, String rawPath, Map<String, List<String>> headers) {
    }

    private HttpServer server;
    private final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String[]> answers = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                Map.copyOf(exchange.getRequestHeaders())));
        String[] next = answers.poll();
        int status = next == null ? 200 : Integer.parseInt(next[0]);
        byte[] body = (next == null ? OK : next[1]).getBytes(UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private S3ObjectStore store(UnaryOperator<S3StoreConfig.Builder> customize) {
        return new S3ObjectStore(customize.apply(S3StoreConfig.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .pathStyle(true).region("us-east-1")
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
                .retryBaseDelay(Duration.ofMillis(1)).throttlingRetryBaseDelay(Duration.ofMillis(1))
                .maxRetryDelay(Duration.ofMillis(5))).build());
    }

    private static CopyRequest tricky() {
        return CopyRequest.builder(Location.parse("s3://src-bucket/dir/a b+c/\u00fc%2F\uD83D\uDE00"),
                Location.parse("s3://dst-bucket/objects/a b+c/\u00fc%2F\uD83D\uDE00")).expectedSize(3).build();
    }

    @Test
    void sendsTheRequestTheSdkClientSends() {
        List<Seen> requests = new ArrayList<>();
        for (boolean lean : new boolean[] {true, false}) {
            seen.clear();
            try (S3ObjectStore store = store(c -> c.leanCopies(lean))) {
                CopyResult result = store.copy(tricky());
                assertThat(result.etag()).isEqualTo("0f343b0931126a20f133d67c2b018a3b");
                assertThat(result.checksum()).hasToString("crc64nvme:J8x3aVI2W7I=");
            }
            requests.add(seen.poll());
        }
        Seen lean = requests.get(0);
        Seen sdk = requests.get(1);
        assertThat(lean.method()).isEqualTo("PUT").isEqualTo(sdk.method());
        assertThat(lean.rawPath()).isEqualTo(sdk.rawPath());
        for (String h : List.of("X-amz-copy-source", "X-amz-metadata-directive", "X-amz-checksum-algorithm",
                "Content-length")) {
            assertThat(lean.headers().get(h)).as(h).isNotNull().isEqualTo(sdk.headers().get(h));
        }
        assertThat(lean.headers().get("Authorization").get(0)).startsWith("AWS4-HMAC-SHA256 Credential=k/")
                .contains("/us-east-1/s3/aws4_request");
    }

    @Test
    void retriesAnErrorInsideA200AnswerAndThrottlingThenSucceeds() {
        answers.add(new String[] {"200", "<Error><Code>InternalError</Code><Message>try again</Message></Error>"});
        answers.add(new String[] {"503", "<Error><Code>SlowDown</Code><Message>slow down</Message></Error>"});
        try (S3ObjectStore store = store(c -> c.maxAttempts(3))) {
            CopyResult result = store.copy(tricky());

            assertThat(result.etag()).isEqualTo("0f343b0931126a20f133d67c2b018a3b");
            assertThat(store.stats().requestsByType()).isEqualTo(Map.of("CopyObject", 3L));
            assertThat(store.stats().retries()).isEqualTo(2);
        }
    }

    @Test
    void mapsWhatStillFailsAsTheSdkPathDoes() {
        for (boolean lean : new boolean[] {true, false}) {
            answers.add(new String[] {"503", "<Error><Code>SlowDown</Code><Message>slow down</Message></Error>"});
            try (S3ObjectStore store = store(c -> c.maxAttempts(1).leanCopies(lean))) {
                assertThatThrownBy(() -> store.copy(tricky())).isInstanceOfSatisfying(LakeFsBackupException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.THROTTLED));
            }
            answers.add(new String[] {"404", "<Error><Code>NoSuchKey</Code><Message>gone</Message></Error>"});
            try (S3ObjectStore store = store(c -> c.maxAttempts(1).leanCopies(lean))) {
                assertThatThrownBy(() -> store.copy(tricky())).as("lean %s", lean)
                        .isInstanceOfSatisfying(LakeFsBackupException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                            assertThat(e.getMessage()).contains("NoSuchKey");
                        });
            }
        }
    }
}
