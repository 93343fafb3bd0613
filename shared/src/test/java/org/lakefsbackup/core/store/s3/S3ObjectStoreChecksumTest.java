package org.lakefsbackup.core.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** HEAD against a canned S3 answer carrying a stored checksum (S3Proxy keeps none). */
class S3ObjectStoreChecksumTest {
    private HttpServer server;
    private final Map<String, String> seen = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/bkt/", exchange -> {
            seen.put("method", exchange.getRequestMethod());
            seen.put("path", exchange.getRequestURI().getPath());
            seen.put("checksum-mode", String.valueOf(exchange.getRequestHeaders().getFirst("x-amz-checksum-mode")));
            var h = exchange.getResponseHeaders();
            h.add("ETag", "\"9b2cf535f27731c974343645a3985328\"");
            h.add("Last-Modified", "Wed, 01 Jan 2025 00:00:00 GMT");
            h.add("Content-Length", "1234");
            h.add("x-amz-checksum-sha256", "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void reportsTheStoredChecksumOfAHeadedObject() {
        S3StoreConfig config = S3StoreConfig.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .pathStyle(true).region("us-east-1").maxAttempts(1)
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
                .build();
        try (S3ObjectStore store = new S3ObjectStore(config)) {
            ObjectInfo info = store.head(Location.parse("s3://bkt/dir/obj")).orElseThrow();

            assertThat(info.key()).isEqualTo("dir/obj");
            assertThat(info.size()).isEqualTo(1234);
            assertThat(info.etag()).isEqualTo("9b2cf535f27731c974343645a3985328");
            assertThat(info.checksum()).isEqualTo("sha256:n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=");
            assertThat(seen).containsEntry("method", "HEAD").containsEntry("path", "/bkt/dir/obj")
                    .containsEntry("checksum-mode", "ENABLED");
            assertThat(store.stats().requestsByType()).isEqualTo(Map.of("HeadObject", 1L));
        }
    }
}
