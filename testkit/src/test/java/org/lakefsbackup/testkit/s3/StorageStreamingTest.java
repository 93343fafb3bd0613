package org.lakefsbackup.testkit.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lakefsbackup.core.store.CopyRequest;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.core.store.StoreStats;
import org.lakefsbackup.core.store.local.LocalObjectStore;
import org.lakefsbackup.core.store.s3.S3ObjectStore;
import org.lakefsbackup.core.store.s3.S3StoreConfig;

class StorageStreamingTest {
    private static final long PART = 5 * S3StoreConfig.MIB;

    @TempDir
    Path blockstore;

    @Test
    void streamsALocalObjectToS3PartByPart() throws Exception {
        byte[] content = new byte[(int) (2 * PART + 12345)];
        new Random(5).nextBytes(content);
        Files.createDirectories(blockstore.resolve("ns/data"));
        Files.write(blockstore.resolve("ns/data/obj"), content);

        try (EmbeddedS3 s3 = EmbeddedS3.start();
             S3ObjectStore s3Store = s3.newStore(c -> c.partSize(PART));
             Storage storage = Storage.of(LocalObjectStore.withLocalRoot(blockstore), s3Store)) {
            s3.createBucket("backup");
            Location source = Location.parse("local://ns/data/obj");
            Location target = Location.parse("s3://backup/gen-1/data/obj");
            assertThat(storage.serverSide(source, target)).isFalse();
            StoreStats before = s3Store.stats();

            storage.copy(CopyRequest.builder(source, target).expectedSize(content.length).build());

            // three parts of at most 5 MiB: the object never sat whole in memory on its way
            assertThat(s3Store.stats().minus(before).callsByType()).isEqualTo(Map.of(
                    "CreateMultipartUpload", 1L, "UploadPart", 3L, "CompleteMultipartUpload", 1L));
            assertThat(s3Store.head(target).orElseThrow().size()).isEqualTo(content.length);
            try (InputStream in = s3Store.open(target)) {
                assertThat(sha256(in)).isEqualTo(sha256(new java.io.ByteArrayInputStream(content)));
            }
        }
    }

    private static String sha256(InputStream in) throws IOException, java.security.NoSuchAlgorithmException {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[65536];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            d.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(d.digest());
    }
}
