package org.lakefsbackup.testkit.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakefs.clients.sdk.ApiClient;
import io.lakefs.clients.sdk.ConfigApi;
import io.lakefs.clients.sdk.RepositoriesApi;
import io.lakefs.clients.sdk.model.ObjectStats;
import io.lakefs.clients.sdk.model.RepositoryCreation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.testkit.lakefs.SampleRepository;
import org.lakefsbackup.testkit.s3.EmbeddedS3;
import software.amazon.awssdk.core.sync.RequestBody;

/** The real servers start, answer as their releases do, and stop: lakeFS on S3 and on a local block store, MinIO. */
class RealServersTest {

    @Test
    void lakeFsOnTheEmbeddedS3ServerReportsItsReleaseAndStoresObjectsInTheBucket() throws Exception {
        ServerBinaries.LakeFs binaries = ServerBinaries.requireLakeFs(ServerBinaries.LAKEFS_VERSION);
        try (EmbeddedS3 s3 = EmbeddedS3.start();
             RealLakeFs lakefs = RealLakeFs.builder(binaries)
                     .s3Blockstore(s3.endpoint(), s3.accessKeyId(), s3.secretAccessKey()).start();
             var store = s3.newStore()) {
            s3.createBucket("lake");
            ApiClient client = SampleRepository.client(lakefs.endpoint(), lakefs.accessKeyId(),
                    lakefs.secretAccessKey());
            var config = new ConfigApi(client).getConfig().execute();
            assertThat(config.getVersionConfig().getVersion()).isEqualTo("1.84.0");
            assertThat(config.getStorageConfig().getBlockstoreType()).isEqualTo("s3");

            new RepositoriesApi(client).createRepository(new RepositoryCreation().name("probe")
                    .storageNamespace("s3://lake/probe")).execute();
            new SampleRepository(client).upload("probe", "main", Map.of("a.txt", "hello"));
            ObjectStats stats = new io.lakefs.clients.sdk.ObjectsApi(client).statObject("probe", "main", "a.txt")
                    .execute();
            assertThat(stats.getPhysicalAddress()).startsWith("s3://lake/probe/data/");
            assertThat(store.get(Location.parse(stats.getPhysicalAddress()))).hasValueSatisfying(
                    b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("hello"));
            assertThat(store.head(Location.parse("s3://lake/probe/_lakefs/dummy"))).isPresent();
        }
    }

    @Test
    void twoLakeFsServersOnALocalBlockStoreRunSideBySide(@TempDir Path tmp) throws Exception {
        ServerBinaries.LakeFs binaries = ServerBinaries.requireLakeFs(ServerBinaries.LAKEFS_VERSION);
        try (RealLakeFs one = RealLakeFs.builder(binaries).localBlockstore(tmp.resolve("block-1"), List.of()).start();
             RealLakeFs two = RealLakeFs.builder(binaries).localBlockstore(tmp.resolve("block-2"), List.of()).start()) {
            assertThat(one.endpoint()).isNotEqualTo(two.endpoint());
            for (RealLakeFs lakefs : List.of(one, two)) {
                ApiClient client = SampleRepository.client(lakefs.endpoint(), lakefs.accessKeyId(),
                        lakefs.secretAccessKey());
                new RepositoriesApi(client).createRepository(new RepositoryCreation().name("local-probe")
                        .storageNamespace("local://repos/local-probe")).execute();
                new SampleRepository(client).upload("local-probe", "main", Map.of("b.txt", "local"));
                assertThat(new SampleRepository(client).read("local-probe", "main", "b.txt")).isEqualTo("local");
                assertThat(lakefs.localRoot().resolve("repos/local-probe/_lakefs/dummy")).isRegularFile();
            }
        }
    }

    @Test
    void minioStoresMd5ETagsPlainAndOtherETagsWithEncryption() throws Exception {
        byte[] content = "minio content".getBytes(StandardCharsets.UTF_8);
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        try (MinioServer plain = MinioServer.start(); var store = plain.newStore()) {
            plain.createBucket("plain");
            store.put(Location.parse("s3://plain/x"), content);
            ObjectInfo info = store.head(Location.parse("s3://plain/x")).orElseThrow();
            assertThat(info.etag()).isEqualTo(md5);
        }
        try (MinioServer sse = MinioServer.startEncrypted(); var client = sse.newClient(sse.endpoint())) {
            sse.createBucket("sealed");
            client.putObject(b -> b.bucket("sealed").key("x"), RequestBody.fromBytes(content));
            var head = client.headObject(b -> b.bucket("sealed").key("x"));
            assertThat(head.serverSideEncryptionAsString()).isNotNull();
            assertThat(head.eTag().replace("\"", "")).isNotEqualTo(md5);
            assertThat(client.getObjectAsBytes(b -> b.bucket("sealed").key("x")).asByteArray()).isEqualTo(content);
        }
    }
}
