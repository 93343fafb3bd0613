package org.lakefsbackup.core.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.store.internal.Crc64Nvme;

/**
 * Computes a {@link Checksum} of bytes passing through this process: a deep verification reading an object, a copy
 * streamed between two kinds of store, a file copy. Not thread-safe; one calculator per object.
 */
public final class ChecksumCalculator {
    private static final int BUFFER = 64 * 1024;

    private final ChecksumAlgorithm algorithm;
    private final MessageDigest digest;
    private final java.util.zip.Checksum crc;

    ChecksumCalculator(ChecksumAlgorithm algorithm) {
        this.algorithm = algorithm;
        switch (algorithm) {
            case MD5 -> { digest = messageDigest("MD5"); crc = null; }
            case SHA1 -> { digest = messageDigest("SHA-1"); crc = null; }
            case SHA256 -> { digest = messageDigest("SHA-256"); crc = null; }
            case CRC32 -> { digest = null; crc = new CRC32(); }
            case CRC32C -> { digest = null; crc = new CRC32C(); }
            case CRC64NVME -> { digest = null; crc = new Crc64Nvme(); }
            default -> throw new IllegalStateException("no calculator for " + algorithm);
        }
    }

    public ChecksumAlgorithm algorithm() {
        return algorithm;
    }

    public void update(byte[] bytes, int offset, int length) {
        if (digest != null) {
            digest.update(bytes, offset, length);
        } else {
            crc.update(bytes, offset, length);
        }
    }

    /** The checksum of everything passed to {@link #update} so far. Call once. */
    public Checksum finish() {
        if (digest != null) {
            return Checksum.of(algorithm, digest.digest());
        }
        long value = crc.getValue();
        ByteBuffer b = ByteBuffer.allocate(algorithm.bytes());
        if (algorithm.bytes() == 8) {
            b.putLong(value);
        } else {
            b.putInt((int) value);
        }
        return Checksum.of(algorithm, b.array());
    }

    /**
     * Reads a stream to its end and returns its checksum and length; the caller closes the stream.
     *
     * @throws IOException when reading fails
     */
    public static Measured measure(InputStream in, ChecksumAlgorithm algorithm) throws IOException {
        ChecksumCalculator calculator = algorithm.calculator();
        byte[] buffer = new byte[BUFFER];
        long length = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            calculator.update(buffer, 0, n);
            length += n;
        }
        return new Measured(calculator.finish(), length);
    }

    /** A checksum and the number of bytes it covers. */
    public record Measured(Checksum checksum, long length) {
    }

    private static MessageDigest messageDigest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw ErrorCode.INTERNAL.exception(name + " is not available in this JVM", e);
        }
    }
}
