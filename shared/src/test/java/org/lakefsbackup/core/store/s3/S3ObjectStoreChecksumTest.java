package org.lakefsbackup.core.store.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.store.Checksum;
import org.lakefsbackup.core.store.ChecksumAlgorithm;
import org.lakefsbackup.core.store.CopyRequest;
import org.lakefsbackup.core.store.CopyResult;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.TargetEncryption;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * HEAD and CopyObject against canned S3 answers carrying stored checksums and encryption headers (S3Proxy keeps no
 * checksums and encrypts nothing): what the store asks for and what it makes of the answers.
 */
class S3ObjectStoreChecksumTest {
    private static final String SHA256 = "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=";
    private static final String CRC64 = "J8x3aVI2W7I=";

    private HttpServer server;
    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private volatile String encryption;
    private volatile boolean headChecksum = true;
    private volatile boolean copyChecksum = true;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/bkt/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        var in = exchange.getRequestHeaders();
        seen.put("method", exchange.getRequestMethod());
        seen.put("path", exchange.getRequestURI().getPath());
        for (String h : new String[] {"x-amz-checksum-mode", "x-amz-checksum-algorithm", "x-amz-copy-source",
                "x-amz-metadata-directive", "x-amz-server-side-encryption",
                "x-amz-server-side-encryption-aws-kms-key-id"}) {
            seen.put(h, String.valueOf(in.getFirst(h)));
        }
        var h = exchange.getResponseHeaders();
        if (encryption != null) {
            h.add("x-amz-server-side-encryption", encryption);
        }
        if (exchange.getRequestMethod().equals("HEAD")) {
            boolean copied = exchange.getRequestURI().getPath().startsWith("/bkt/dst");
            h.add("ETag", copied ? "\"0f343b0931126a20f133d67c2b018a3b\"" : "\"9b2cf535f27731c974343645a3985328\"");
            h.add("Last-Modified", "Wed, 01 Jan 2025 00:00:00 GMT");
            h.add("Content-Length", "1234");
            if (headChecksum) {
                h.add("x-amz-checksum-sha256", SHA256);
            }
            exchange.sendResponseHeaders(200, -1);
        } else if (String.valueOf(in.getFirst("x-amz-copy-source")).contains("missing")) {
            byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code>"
                    + "<Message>The specified key does not exist.</Message></Error>").getBytes(UTF_8);
            h.add("Content-Type", "application/xml");
            exchange.sendResponseHeaders(404, body.length);
            exchange.getResponseBody().write(body);
        } else {
            byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><CopyObjectResult>"
                    + "<LastModified>2025-01-01T00:00:00.000Z</LastModified>"
                    + "<ETag>\"0f343b0931126a20f133d67c2b018a3b\"</ETag>"
                    + (copyChecksum ? "<ChecksumCRC64NVME>" + CRC64 + "</ChecksumCRC64NVME>" : "")
                    + "</CopyObjectResult>").getBytes(UTF_8);
            h.add("Content-Type", "application/xml");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    private S3ObjectStore store() {
        return new S3ObjectStore(S3StoreConfig.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .pathStyle(true).region("us-east-1").maxAttempts(1)
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
                .build());
    }

    @Test
    void reportsTheStoredChecksumOfAHeadedObjectAndItsEtagAsAnMd5WithoutEncryption() {
        try (S3ObjectStore store = store()) {
            ObjectInfo info = store.head(Location.parse("s3://bkt/dir/obj")).orElseThrow();

            assertThat(info.key()).isEqualTo("dir/obj");
            assertThat(info.size()).isEqualTo(1234);
            assertThat(info.etag()).isEqualTo("9b2cf535f27731c974343645a3985328");
            assertThat(info.checksum()).isEqualTo(new Checksum(ChecksumAlgorithm.SHA256, SHA256));
            assertThat(info.etagIsMd5()).isTrue();
            assertThat(info.checksums()).containsExactly(new Checksum(ChecksumAlgorithm.SHA256, SHA256),
                    Checksum.md5Hex("9b2cf535f27731c974343645a3985328"));
            assertThat(seen).containsEntry("method", "HEAD").containsEntry("path", "/bkt/dir/obj")
                    .containsEntry("x-amz-checksum-mode", "ENABLED");
            assertThat(store.stats().requestsByType()).isEqualTo(Map.of("HeadObject", 1L));
        }
    }

    @Test
    void doesNotTakeTheEtagOfAnEncryptedObjectForAnMd5() {
        encryption = "aws:kms";
        try (S3ObjectStore store = store()) {
            ObjectInfo info = store.head(Location.parse("s3://bkt/dir/obj")).orElseThrow();

            assertThat(info.etagIsMd5()).isFalse();
            assertThat(info.checksums()).containsExactly(new Checksum(ChecksumAlgorithm.SHA256, SHA256));
        }
    }

    @Test
    void takesTheEtagOfAnSseS3ObjectForAnMd5AsAwsDocumentsIt() {
        encryption = "AES256";
        try (S3ObjectStore store = store()) {
            assertThat(store.head(Location.parse("s3://bkt/dir/obj")).orElseThrow().etagIsMd5()).isTrue();
        }
    }

    @Test
    void asksForTheConfiguredChecksumAndEncryptionOnCopyAndReturnsWhatTheAnswerSays() {
        encryption = "aws:kms";
        try (S3ObjectStore store = store()) {
            CopyResult result = store.copy(CopyRequest.builder(Location.parse("s3://bkt/src/a b"),
                    Location.parse("s3://bkt/dst/a")).expectedSize(10)
                    .encryption(TargetEncryption.kms("arn:aws:kms:us-east-1:111122223333:key/k1")).build());

            assertThat(seen).containsEntry("method", "PUT").containsEntry("path", "/bkt/dst/a")
                    .containsEntry("x-amz-copy-source", "bkt/src/a%20b")
                    .containsEntry("x-amz-checksum-algorithm", "CRC64NVME")
                    .containsEntry("x-amz-metadata-directive", "COPY")
                    .containsEntry("x-amz-server-side-encryption", "aws:kms")
                    .containsEntry("x-amz-server-side-encryption-aws-kms-key-id",
                            "arn:aws:kms:us-east-1:111122223333:key/k1");
            assertThat(result.etag()).isEqualTo("0f343b0931126a20f133d67c2b018a3b");
            assertThat(result.checksum()).isEqualTo(new Checksum(ChecksumAlgorithm.CRC64NVME, CRC64));
            assertThat(result.etagIsMd5()).as("an SSE-KMS ETag is no MD5").isFalse();
            assertThat(store.stats().requestsByType()).isEqualTo(Map.of("CopyObject", 1L));
        }
    }

    @Test
    void readsBackTheChecksumARequestNamedWhenTheCopyAnswerLeavesItOut() {
        try (S3ObjectStore store = store()) {
            CopyResult result = store.copy(CopyRequest.builder(Location.parse("s3://bkt/src"),
                    Location.parse("s3://bkt/dst")).expectedSize(10).checksumAlgorithm(ChecksumAlgorithm.SHA256)
                    .build());

            assertThat(seen).containsEntry("x-amz-checksum-algorithm", "null").containsEntry("method", "HEAD")
                    .containsEntry("path", "/bkt/dst").containsEntry("x-amz-checksum-mode", "ENABLED");
            assertThat(result.checksum()).as("the HEAD's").isEqualTo(new Checksum(ChecksumAlgorithm.SHA256, SHA256));
            assertThat(result.etagIsMd5()).as("the HEAD, without encryption header, vouches for it").isTrue();
            assertThat(store.stats().requestsByType()).isEqualTo(Map.of("CopyObject", 1L, "HeadObject", 1L));
        }
    }

    @Test
    void readsBackTheChecksumOfAnEncryptedCopyWhoseAnswerHasNoIdentity() {
        encryption = "aws:kms";
        copyChecksum = false;
        try (S3ObjectStore store = store()) {
            CopyResult result = store.copy(CopyRequest.builder(Location.parse("s3://bkt/src"),
                    Location.parse("s3://bkt/dst")).expectedSize(10).build());

            assertThat(result.etagIsMd5()).isFalse();
            assertThat(result.checksums()).containsExactly(new Checksum(ChecksumAlgorithm.SHA256, SHA256));
            assertThat(store.stats().requestsByType()).isEqualTo(Map.of("CopyObject", 1L, "HeadObject", 1L));
        }
    }

    @Test
    void stopsReadingBackChecksumsFromAServerThatKeepsNone() {
        encryption = "AES256"; // as S3Proxy answers: the ETag is an MD5, the copy has an identity without a HEAD
        headChecksum = false;
        copyChecksum = false;
        try (S3ObjectStore store = store()) {
            for (int i = 0; i < 3; i++) {
                CopyResult result = store.copy(CopyRequest.builder(Location.parse("s3://bkt/src"),
                        Location.parse("s3://bkt/dst" + i)).expectedSize(10)
                        .checksumAlgorithm(ChecksumAlgorithm.CRC32C).build());
                assertThat(result.checksums()).as("the ETag's MD5 only")
                        .containsExactly(Checksum.md5Hex("0f343b0931126a20f133d67c2b018a3b"));
            }
            assertThat(store.stats().requestsByType()).isEqualTo(Map.of("CopyObject", 3L, "HeadObject", 1L));
        }
    }

    @Test
    void learnsFromOneReadBackThatCopiesIntoABucketAreStoredPlain() {
        copyChecksum = false; // MinIO: no checksum and no encryption header in the copy answer
        headChecksum = false;
        try (S3ObjectStore store = store()) {
            for (int i = 0; i < 3; i++) {
                CopyResult result = store.copy(CopyRequest.builder(Location.parse("s3://bkt/src"),
                        Location.parse("s3://bkt/dst" + i)).expectedSize(10).build());
                assertThat(result.checksums()).containsExactly(Checksum.md5Hex("0f343b0931126a20f133d67c2b018a3b"));
            }
            assertThat(store.stats().requestsByType()).isEqualTo(Map.of("CopyObject", 3L, "HeadObject", 1L));
        }
    }

    @Test
    void copiesSentTogetherIntoANewBucketWaitForTheOneReadBackThatLearnsIt() throws Exception {
        copyChecksum = false; // MinIO, as above: copies into a bucket start 16 at a time
        headChecksum = false;
        int copies = 16;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(copies);
        try (S3ObjectStore store = store()) {
            var start = new java.util.concurrent.CountDownLatch(1);
            var results = new java.util.ArrayList<java.util.concurrent.Future<CopyResult>>();
            for (int i = 0; i < copies; i++) {
                Location target = Location.parse("s3://bkt/dst" + i);
                results.add(pool.submit(() -> {
                    start.await();
                    return store.copy(CopyRequest.builder(Location.parse("s3://bkt/src"), target).expectedSize(10)
                            .build());
                }));
            }
            start.countDown();
            for (var result : results) {
                assertThat(result.get(60, java.util.concurrent.TimeUnit.SECONDS).checksums())
                        .containsExactly(Checksum.md5Hex("0f343b0931126a20f133d67c2b018a3b"));
            }
            assertThat(store.stats().requestsByType()).as("one read-back, not one per copy in flight")
                    .isEqualTo(Map.of("CopyObject", (long) copies, "HeadObject", 1L));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFirstCopyThatFailsLeavesTheLearningToTheNextOne() {
        copyChecksum = false; // MinIO, as above
        headChecksum = false;
        try (S3ObjectStore store = store()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.copy(CopyRequest.builder(
                    Location.parse("s3://bkt/missing"), Location.parse("s3://bkt/dst")).expectedSize(10).build()))
                    .isInstanceOf(org.lakefsbackup.core.error.NotFoundException.class);
            for (int i = 0; i < 3; i++) {
                CopyResult result = store.copy(CopyRequest.builder(Location.parse("s3://bkt/src"),
                        Location.parse("s3://bkt/dst" + i)).expectedSize(10).build());
                assertThat(result.checksums()).containsExactly(Checksum.md5Hex("0f343b0931126a20f133d67c2b018a3b"));
            }
            assertThat(store.stats().requestsByType()).isEqualTo(Map.of("CopyObject", 4L, "HeadObject", 1L));
        }
    }
}
