package org.lakefsbackup.core.prune.internal;

import com.fasterxml.jackson.databind.ObjectReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.InventoryEntry;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.store.KeyOrder;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.Storage;

/**
 * Reads one generation's inventory in key order a line at a time, streaming each gzipped chunk from the store, so it
 * holds one line and one decompression buffer however large the inventory is. Starts at a given chunk, after a given
 * key; refuses (INVALID_MANIFEST) an inventory whose keys are not strictly increasing or that has fewer chunks than
 * its manifest says, since whoever merges it decides what to delete by its order. Not thread-safe.
 */
public final class InventoryCursor implements AutoCloseable {
    private static final ObjectReader ENTRY = Json.mapper().readerFor(InventoryEntry.class);

    private final Storage storage;
    private final Location root;
    private final int chunks;
    private final String after;
    private int chunk;
    private BufferedReader reader;
    private InventoryEntry next;
    private String previousKey;
    private long read;

    /**
     * @param inventoryRoot where the chunks are ({@code <repository>/generations/<id>/inventory})
     * @param chunks        how many chunks the manifest says there are
     * @param fromChunk     the chunk to start reading at (a checkpoint's position; 0 for the start)
     * @param after         skip entries whose key is at or before this one, or {@code null}
     */
    public InventoryCursor(Storage storage, Location inventoryRoot, int chunks, int fromChunk, String after) {
        if (fromChunk < 0) {
            throw new IllegalArgumentException("fromChunk must not be negative");
        }
        this.storage = storage;
        this.root = inventoryRoot;
        this.chunks = chunks;
        this.after = after;
        this.chunk = fromChunk;
        advance();
    }

    /** The next entry without taking it, or {@code null} at the end. */
    public InventoryEntry peek() {
        return next;
    }

    /** Takes the next entry; {@code null} at the end. */
    public InventoryEntry next() {
        InventoryEntry e = next;
        if (e != null) {
            advance();
        }
        return e;
    }

    /** The chunk the next entry is in (the chunk count at the end): where a checkpoint resumes this cursor. */
    public int chunk() {
        return chunk;
    }

    /** Lines read so far (skipped ones included). */
    public long linesRead() {
        return read;
    }

    private void advance() {
        next = null;
        try {
            while (chunk < chunks) {
                if (reader == null) {
                    reader = open(chunk);
                }
                String line = reader.readLine();
                if (line == null) {
                    reader.close();
                    reader = null;
                    chunk++;
                    continue;
                }
                if (line.isEmpty()) {
                    continue;
                }
                read++;
                InventoryEntry e = parse(line);
                if (previousKey != null && KeyOrder.compare(e.key(), previousKey) <= 0) {
                    throw ErrorCode.INVALID_MANIFEST.exception("the inventory at " + root + " is out of order at "
                            + "chunk " + chunk + ": '" + e.key() + "' after '" + previousKey + "'");
                }
                previousKey = e.key();
                if (after != null && KeyOrder.compare(e.key(), after) <= 0) {
                    continue;
                }
                next = e;
                return;
            }
        } catch (IOException e) {
            throw ErrorCode.INVALID_MANIFEST.exception("chunk " + chunk + " of the inventory at " + root
                    + " is corrupt or truncated: " + e.getMessage(), e);
        }
    }

    private BufferedReader open(int index) throws IOException {
        Location part = root.resolve(BackupLayout.chunkName(index));
        InputStream in;
        try {
            in = storage.storeFor(part).open(part);
        } catch (LakeFsBackupException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw ErrorCode.INVALID_MANIFEST.exception("chunk " + part + " is missing", e);
            }
            throw e;
        }
        try {
            return new BufferedReader(new InputStreamReader(new GZIPInputStream(in, 64 * 1024),
                    StandardCharsets.UTF_8), 64 * 1024);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private InventoryEntry parse(String line) {
        try {
            return ENTRY.readValue(line);
        } catch (IOException | RuntimeException e) {
            throw ErrorCode.INVALID_MANIFEST.exception("chunk " + chunk + " of the inventory at " + root
                    + " has a line that is no inventory entry: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException ignored) {
                // a read-only stream: nothing was lost
            }
            reader = null;
        }
    }
}
