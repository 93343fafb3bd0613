package org.lakefsbackup.core.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.store.Checksum;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.core.store.local.LocalObjectStore;

class JsonLinesChunksTest {
    @TempDir
    Path dir;

    private Storage storage() {
        return Storage.of(LocalObjectStore.filesOnly());
    }

    private Location prefix() {
        return Location.parse(dir.toUri().toString()).resolve("inventory");
    }

    private static List<InventoryEntry> entries(int n) {
        List<InventoryEntry> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String key = "data/g%03d/c%05d".formatted(i / 10, i);
            entries.add(new InventoryEntry(key, i, "\"e" + i + "\"", "objects/" + key)
                    .withCopy(i % 2 == 0 ? Checksum.parse("crc64nvme:J8x3aVI2W7I=") : null, "t" + i));
        }
        return entries;
    }

    private static String gunzip(byte[] bytes) throws IOException {
        return new String(new GZIPInputStream(new ByteArrayInputStream(bytes)).readAllBytes(), UTF_8);
    }

    @Test
    void writesOneJsonValuePerLineEveryLineEndedAndReadsThemBackInOrder() throws Exception {
        Storage storage = storage();
        List<InventoryEntry> entries = entries(25);
        try (var writer = new JsonLinesChunks.Writer<>(storage, prefix(), 10, InventoryEntry.class)) {
            entries.forEach(writer::add);
            writer.close();
            assertThat(writer.chunks()).isEqualTo(3);
            assertThat(writer.items()).isEqualTo(25);
        }
        assertThat(JsonLinesChunks.stream(storage, prefix(), 3, InventoryEntry.class).toList()).isEqualTo(entries);

        Location last = prefix().resolve(BackupLayout.chunkName(2));
        String text = gunzip(storage.storeFor(last).get(last).orElseThrow());
        // a plain JSON-lines file: zcat | wc -l counts the entries, zcat | jq reads each line
        assertThat(text).endsWith("\n");
        List<String> lines = text.lines().toList();
        assertThat(lines).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(lines.get(i)).isEqualTo(Json.mapper().writeValueAsString(entries.get(20 + i)));
        }
    }

    @Test
    void rewritesAChunkInPlace() {
        Storage storage = storage();
        List<InventoryEntry> entries = entries(4);
        try (var writer = new JsonLinesChunks.Writer<>(storage, prefix(), 10, InventoryEntry.class)) {
            entries.forEach(writer::add);
        }
        List<InventoryEntry> updated = entries.stream().map(e -> e.withCopy(null, "new")).toList();
        JsonLinesChunks.writeChunk(storage, prefix(), 0, updated);
        assertThat(JsonLinesChunks.readChunk(storage, prefix(), 0, InventoryEntry.class)).isEqualTo(updated);
    }

    @Test
    void readsChunksWrittenByEarlierVersionsAtTheDefaultLevelWithBlankLines() throws Exception {
        Storage storage = storage();
        List<InventoryEntry> entries = entries(3);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            for (InventoryEntry e : entries) {
                gzip.write((Json.mapper().writeValueAsString(e) + "\n\n").getBytes(UTF_8));
            }
        }
        Location chunk = prefix().resolve(BackupLayout.chunkName(0));
        storage.storeFor(chunk).put(chunk, bytes.toByteArray());
        assertThat(JsonLinesChunks.readChunk(storage, prefix(), 0, InventoryEntry.class)).isEqualTo(entries);
    }

    @Test
    void aTruncatedOrMissingChunkIsAnInvalidManifest() {
        Storage storage = storage();
        try (var writer = new JsonLinesChunks.Writer<>(storage, prefix(), 100, InventoryEntry.class)) {
            entries(50).forEach(writer::add);
        }
        Location chunk = prefix().resolve(BackupLayout.chunkName(0));
        byte[] whole = storage.storeFor(chunk).get(chunk).orElseThrow();
        storage.storeFor(chunk).put(chunk, java.util.Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> JsonLinesChunks.readChunk(storage, prefix(), 0, InventoryEntry.class))
                .isInstanceOf(LakeFsBackupException.class)
                .satisfies(e -> assertThat(((LakeFsBackupException) e).code()).isEqualTo(ErrorCode.INVALID_MANIFEST))
                .hasMessageContaining("corrupt or truncated");
        assertThatThrownBy(() -> JsonLinesChunks.readChunk(storage, prefix(), 1, InventoryEntry.class))
                .isInstanceOf(LakeFsBackupException.class)
                .hasMessageContaining("is missing");
    }
}
