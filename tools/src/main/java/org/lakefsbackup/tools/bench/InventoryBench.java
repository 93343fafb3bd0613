package org.lakefsbackup.tools.bench;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.InventoryEntry;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.model.JsonLinesChunks;
import org.lakefsbackup.core.store.Checksum;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.testkit.store.InMemoryObjectStore;

/**
 * The CPU of writing and reading one inventory chunk of N entries (an incremental backup reads the previous
 * generation's and writes its own in plan, then reads and rewrites it in verify): through {@link JsonLinesChunks} as
 * the product does, and the encoding it used before 2026-12-01 (gzip at its default level, one string per line, a
 * line reader) re-implemented here as the baseline. Entries are shaped like a lakeFS namespace's
 * ({@code data/g<19 digits>/c<19 digits>}, quoted MD5-like ETags for the source and the backup's copy, a CRC64NVME
 * checksum). The chunk goes to an in-memory store; the measuring thread's CPU time is read before and after. One
 * warm-up round per encoding, then rounds alternating.
 */
public final class InventoryBench {
    private static final Location PREFIX = Location.parse("s3://inventory-bench/repo/generations/g/inventory");
    /** The one chunk both encodings write and read. */
    private static final Location CHUNK = PREFIX.resolve(BackupLayout.chunkName(0));

    /** The encodings compared. */
    public enum Encoding {
        CURRENT("`JsonLinesChunks` (gzip level 1, one generator, `MappingIterator`)"),
        BEFORE("before 2026-12-01 (gzip default level, a string per line, a line reader)");

        private final String label;

        Encoding(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One round of one encoding.
     *
     * @param encoding   the encoding
     * @param entries    entries written and read
     * @param writeCpuMs CPU time of the writing thread to encode and store the chunk
     * @param readCpuMs  CPU time to read it back
     * @param bytes      the stored chunk's size
     */
    public record Round(Encoding encoding, int entries, long writeCpuMs, long readCpuMs, long bytes) {
    }

    private final int entries;
    private final int rounds;
    private final Consumer<String> progress;

    public InventoryBench(int entries, int rounds, Consumer<String> progress) {
        if (entries < 1 || rounds < 1) {
            throw new IllegalArgumentException("entries and rounds must be positive");
        }
        this.entries = entries;
        this.rounds = rounds;
        this.progress = progress;
    }

    public List<Round> run() {
        List<InventoryEntry> inventory = inventory(entries);
        for (Encoding e : Encoding.values()) {
            round(e, inventory); // warm-up
        }
        List<Round> measured = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            for (Encoding e : r % 2 == 0 ? List.of(Encoding.CURRENT, Encoding.BEFORE)
                    : List.of(Encoding.BEFORE, Encoding.CURRENT)) {
                Round round = round(e, inventory);
                measured.add(round);
                progress.accept(String.format(Locale.ROOT, "inventory N=%d %s: write %d ms, read %d ms, %,d bytes",
                        entries, e, round.writeCpuMs(), round.readCpuMs(), round.bytes()));
            }
        }
        return measured;
    }

    static List<InventoryEntry> inventory(int n) {
        Random random = new Random(42);
        HexFormat hex = HexFormat.of();
        List<InventoryEntry> list = new ArrayList<>(n);
        byte[] digest = new byte[16];
        byte[] crc = new byte[8];
        for (int i = 0; i < n; i++) {
            String key = String.format(Locale.ROOT, "data/g%019d/c%019d", 9_000_000_000L - i / 1000,
                    random.nextLong() & Long.MAX_VALUE);
            random.nextBytes(digest);
            String etag = "\"" + hex.formatHex(digest) + "\"";
            random.nextBytes(crc);
            Checksum checksum = Checksum.parse("crc64nvme:" + java.util.Base64.getEncoder().encodeToString(crc));
            list.add(new InventoryEntry(key, 1024, etag, BackupLayout.OBJECTS + "/" + key)
                    .withCopy(checksum, etag));
        }
        list.sort(java.util.Comparator.comparing(InventoryEntry::key));
        return list;
    }

    private Round round(Encoding encoding, List<InventoryEntry> inventory) {
        Storage storage = Storage.of(new InMemoryObjectStore(Location.Scheme.S3));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long t0 = threads.getCurrentThreadCpuTime();
        if (encoding == Encoding.CURRENT) {
            try (var writer = new JsonLinesChunks.Writer<>(storage, PREFIX, inventory.size(), InventoryEntry.class)) {
                inventory.forEach(writer::add);
            }
        } else {
            writeBefore(storage, inventory);
        }
        long t1 = threads.getCurrentThreadCpuTime();
        List<InventoryEntry> back = encoding == Encoding.CURRENT
                ? JsonLinesChunks.readChunk(storage, PREFIX, 0, InventoryEntry.class)
                : readBefore(storage);
        long t2 = threads.getCurrentThreadCpuTime();
        if (!back.equals(inventory)) {
            throw new IllegalStateException(encoding + ": the chunk read back differs from the one written");
        }
        long bytes = storage.storeFor(CHUNK).get(CHUNK).orElseThrow().length;
        return new Round(encoding, inventory.size(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, bytes);
    }

    private static void writeBefore(Storage storage, List<InventoryEntry> inventory) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (Writer out = new OutputStreamWriter(new GZIPOutputStream(buffer), StandardCharsets.UTF_8)) {
            var json = Json.mapper().writerFor(InventoryEntry.class);
            for (InventoryEntry e : inventory) {
                out.write(json.writeValueAsString(e));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        storage.storeFor(CHUNK).put(CHUNK, buffer.toByteArray());
    }

    private static List<InventoryEntry> readBefore(Storage storage) {
        byte[] bytes = storage.storeFor(CHUNK).get(CHUNK).orElseThrow();
        var reader = Json.mapper().readerFor(InventoryEntry.class);
        List<InventoryEntry> items = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(new ByteArrayInputStream(bytes)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isEmpty()) {
                    items.add(reader.readValue(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return items;
    }

    public static String markdown(List<Round> rounds) {
        StringBuilder b = new StringBuilder("| encoding | rounds | entries | write CPU ms (min / median / max) | read "
                + "CPU ms (min / median / max) | chunk bytes |\n| --- | --- | ---: | --- | --- | ---: |\n");
        for (Encoding encoding : Encoding.values()) {
            List<Round> rs = rounds.stream().filter(r -> r.encoding() == encoding).toList();
            if (rs.isEmpty()) {
                continue;
            }
            b.append(String.format(Locale.ROOT, "| %s | %d | %,d | %s | %s | %,d |%n", encoding.label(), rs.size(),
                    rs.get(0).entries(), Spread.of(rs.stream().map(Round::writeCpuMs).toList(), "%d"),
                    Spread.of(rs.stream().map(Round::readCpuMs).toList(), "%d"), rs.get(0).bytes()));
        }
        return b.toString();
    }
}
