package org.lakefsbackup.core.model;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.Storage;

/**
 * Large lists (inventories, copy plans) stored as numbered gzip JSON-lines chunks under a prefix, so that no step
 * holds more than one chunk in memory and steps pass only the prefix and the chunk count.
 */
public final class JsonLinesChunks {
    private JsonLinesChunks() {
    }

    /**
     * Writes items into chunks of at most {@code chunkSize} lines, numbered from {@code firstChunk} (a resumed
     * writer continues the numbering of an earlier one; the earlier one's last chunk may be shorter). Not
     * thread-safe.
     */
    public static final class Writer<T> implements AutoCloseable {
        private final Storage storage;
        private final Location prefix;
        private final int chunkSize;
        private final ObjectWriter json;
        private ByteArrayOutputStream buffer;
        private java.io.Writer out;
        private int inChunk;
        private int chunks;
        private long items;

        public Writer(Storage storage, Location prefix, int chunkSize, Class<T> type) {
            this(storage, prefix, chunkSize, type, 0);
        }

        public Writer(Storage storage, Location prefix, int chunkSize, Class<T> type, int firstChunk) {
            if (chunkSize < 1) {
                throw new IllegalArgumentException("chunkSize must be positive");
            }
            if (firstChunk < 0) {
                throw new IllegalArgumentException("firstChunk must not be negative");
            }
            this.chunks = firstChunk;
            this.storage = storage;
            this.prefix = prefix;
            this.chunkSize = chunkSize;
            this.json = Json.mapper().writerFor(type);
        }

        public void add(T item) {
            try {
                if (out == null) {
                    buffer = new ByteArrayOutputStream();
                    out = new OutputStreamWriter(new GZIPOutputStream(buffer), StandardCharsets.UTF_8);
                }
                out.write(json.writeValueAsString(item));
                out.write('\n');
                items++;
                if (++inChunk == chunkSize) {
                    flush();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void flush() throws IOException {
            out.close();
            storage.storeFor(prefix).put(prefix.resolve(BackupLayout.chunkName(chunks)), buffer.toByteArray());
            chunks++;
            inChunk = 0;
            out = null;
            buffer = null;
        }

        /** The index of the next chunk: the chunk count once closed (including chunks before {@code firstChunk}). */
        public int chunks() {
            return chunks;
        }

        /** Items added to this writer (not counting chunks before {@code firstChunk}). */
        public long items() {
            return items;
        }

        /** Writes the last partial chunk. */
        @Override
        public void close() {
            try {
                if (out != null) {
                    flush();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Reads one chunk whole (at most one chunk's items); INVALID_MANIFEST when it is missing. */
    public static <T> java.util.List<T> readChunk(Storage storage, Location prefix, int index, Class<T> type) {
        Location chunk = prefix.resolve(BackupLayout.chunkName(index));
        return readChunkIfPresent(storage, prefix, index, type).orElseThrow(() ->
                ErrorCode.INVALID_MANIFEST.exception("chunk " + chunk + " is missing"));
    }

    /** Reads one chunk whole, or nothing when it does not exist. */
    public static <T> java.util.Optional<java.util.List<T>> readChunkIfPresent(Storage storage, Location prefix,
                                                                             int index, Class<T> type) {
        Location chunk = prefix.resolve(BackupLayout.chunkName(index));
        return storage.storeFor(chunk).get(chunk).map(bytes -> parse(bytes, chunk, type));
    }

    /** Writes one chunk whole, replacing it. */
    public static <T> void writeChunk(Storage storage, Location prefix, int index, java.util.List<T> items) {
        Location chunk = prefix.resolve(BackupLayout.chunkName(index));
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (java.io.Writer out = new OutputStreamWriter(new GZIPOutputStream(buffer), StandardCharsets.UTF_8)) {
            ObjectWriter json = Json.mapper().writer();
            for (T item : items) {
                out.write(json.writeValueAsString(item));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        storage.storeFor(chunk).put(chunk, buffer.toByteArray());
    }

    private static <T> java.util.List<T> parse(byte[] bytes, Location chunk, Class<T> type) {
        ObjectReader reader = Json.mapper().readerFor(type);
        java.util.List<T> items = new java.util.ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(new ByteArrayInputStream(bytes)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isEmpty()) {
                    items.add(reader.readValue(line));
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof org.lakefsbackup.core.error.LakeFsBackupException lbe) {
                throw lbe;
            }
            throw ErrorCode.INVALID_MANIFEST.exception("chunk " + chunk + " is corrupt or truncated: " + e.getMessage(), e);
        }
        return items;
    }

    /** Streams every item of chunks {@code 0..chunks-1} in order, loading one chunk at a time. */
    public static <T> Stream<T> stream(Storage storage, Location prefix, int chunks, Class<T> type) {
        return IntStream.range(0, chunks).boxed().flatMap(i -> readChunk(storage, prefix, i, type).stream());
    }

}
