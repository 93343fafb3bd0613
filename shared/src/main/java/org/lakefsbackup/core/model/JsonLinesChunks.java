package org.lakefsbackup.core.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.Storage;

/**
 * Large lists (inventories, copy plans) stored as numbered gzip JSON-lines chunks under a prefix, so that no step
 * holds more than one chunk in memory and steps pass only the prefix and the chunk count.
 *
 * <p>Chunks are written with gzip's fastest level and streamed through one JSON generator (no string per line):
 * an incremental backup reads and writes its whole inventory (100,000 entries per chunk), and at the default level
 * compressing it took longer than writing its JSON (ETags and checksums barely compress at any level; a chunk is
 * about 9% larger: {@code bench --suite inventory}). Any gzip reader reads them; every line, the last one too, ends
 * with a newline.
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
        private Lines out;
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
            this.json = lineWriter().forType(type);
        }

        public void add(T item) {
            try {
                if (out == null) {
                    out = new Lines(json);
                }
                out.write(item);
                items++;
                if (++inChunk == chunkSize) {
                    flush();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void flush() throws IOException {
            byte[] chunk = out.finish();
            out = null;
            storage.storeFor(prefix).put(prefix.resolve(BackupLayout.chunkName(chunks)), chunk);
            chunks++;
            inChunk = 0;
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
        byte[] bytes;
        try {
            Lines out = new Lines(lineWriter());
            for (T item : items) {
                out.write(item);
            }
            bytes = out.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        storage.storeFor(chunk).put(chunk, bytes);
    }

    private static <T> java.util.List<T> parse(byte[] bytes, Location chunk, Class<T> type) {
        ObjectReader reader = Json.mapper().readerFor(type);
        java.util.List<T> items = new java.util.ArrayList<>();
        try (MappingIterator<T> in = reader.readValues(new GZIPInputStream(new ByteArrayInputStream(bytes),
                BUFFER_BYTES))) {
            while (in.hasNextValue()) {
                items.add(in.nextValue());
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof org.lakefsbackup.core.error.LakeFsBackupException lbe) {
                throw lbe;
            }
            throw ErrorCode.INVALID_MANIFEST.exception("chunk " + chunk + " is corrupt or truncated: " + e.getMessage(), e);
        }
        return items;
    }

    private static final int BUFFER_BYTES = 64 * 1024;

    /** One value per line, without flushing the compressor after each (the mapper's default). */
    private static ObjectWriter lineWriter() {
        return Json.mapper().writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
                .withRootValueSeparator("\n");
    }

    /** One chunk being written: JSON values, one per line, into gzip at its fastest level, in memory. */
    private static final class Lines {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final JsonGenerator generator;
        private final SequenceWriter values;

        Lines(ObjectWriter json) throws IOException {
            OutputStream gzip = new GZIPOutputStream(buffer, BUFFER_BYTES) {
                {
                    def.setLevel(Deflater.BEST_SPEED);
                }
            };
            generator = json.createGenerator(gzip);
            values = json.writeValues(generator);
        }

        void write(Object item) throws IOException {
            values.write(item);
        }

        /** Ends the last line and the gzip stream; the chunk's bytes. */
        byte[] finish() throws IOException {
            values.close();
            generator.writeRaw('\n');
            generator.close();
            return buffer.toByteArray();
        }
    }

    /** Streams every item of chunks {@code 0..chunks-1} in order, loading one chunk at a time. */
    public static <T> Stream<T> stream(Storage storage, Location prefix, int chunks, Class<T> type) {
        return IntStream.range(0, chunks).boxed().flatMap(i -> readChunk(storage, prefix, i, type).stream());
    }

}
