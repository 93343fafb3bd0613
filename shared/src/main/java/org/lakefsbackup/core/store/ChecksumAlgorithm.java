package org.lakefsbackup.core.store;

import java.util.Locale;
import org.lakefsbackup.core.error.ErrorCode;

/**
 * The content checksums stores keep or compute: S3's additional checksums (CRC32, CRC32C, CRC64NVME, SHA-1,
 * SHA-256), MD5 (an S3 ETag where the store says it is one, Azure's {@code Content-MD5}) and SHA-256 for files.
 * Every algorithm can also be computed in this process ({@link ChecksumCalculator}), which is what a deep
 * verification and a copy streamed between two kinds of store do.
 */
public enum ChecksumAlgorithm {
    MD5(16),
    SHA1(20),
    SHA256(32),
    CRC32(4),
    CRC32C(4),
    CRC64NVME(8);

    private final int bytes;

    ChecksumAlgorithm(int bytes) {
        this.bytes = bytes;
    }

    /** The length of a full-object checksum of this algorithm, in bytes. */
    public int bytes() {
        return bytes;
    }

    /** The lower-case name used in inventories and messages ({@code "crc64nvme"}, {@code "sha256"}...). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The algorithm named {@code id} (case-insensitive); INVALID_MANIFEST for an unknown name. */
    public static ChecksumAlgorithm fromId(String id) {
        for (ChecksumAlgorithm a : values()) {
            if (a.id().equalsIgnoreCase(id)) {
                return a;
            }
        }
        throw ErrorCode.INVALID_MANIFEST.exception("unknown checksum algorithm '" + id + "'");
    }

    /** A fresh in-process calculator for this algorithm. */
    public ChecksumCalculator calculator() {
        return new ChecksumCalculator(this);
    }
}
