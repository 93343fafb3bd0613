package org.lakefsbackup.core.store.internal;

import java.io.IOException;
import java.io.InputStream;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.store.Location;

/** Splitting an object into parts (S3 multipart uploads and copies) or blocks (Azure block blobs). */
public final class Parts {
    private static final long MIB = 1024L * 1024;

    private Parts() {
    }

    /**
     * The configured part size, raised to whole MiB when an object of {@code size} bytes would need more than
     * {@code maxParts} parts.
     */
    public static long sizeFor(long size, long configured, int maxParts) {
        long minimum = (size + maxParts - 1) / maxParts;
        if (minimum <= configured) {
            return configured;
        }
        return (minimum + MIB - 1) / MIB * MIB;
    }

    /**
     * Reads the next {@code n} bytes of a stream announced as {@code length} bytes long, of which {@code offset}
     * were read before: {@code INVALID_INPUT} when it ends early, {@code UNAVAILABLE} when reading fails.
     */
    public static byte[] read(InputStream in, Location location, long n, long length, long offset) {
        try {
            byte[] part = in.readNBytes((int) n);
            if (part.length != n) {
                throw ErrorCode.INVALID_INPUT.exception("stream for " + location + " ended after "
                        + (offset + part.length) + " of " + length + " bytes");
            }
            return part;
        } catch (IOException e) {
            throw ErrorCode.UNAVAILABLE.exception("reading the stream for " + location + " failed: " + e, e);
        }
    }
}
