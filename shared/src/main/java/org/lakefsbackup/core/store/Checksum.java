package org.lakefsbackup.core.store;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import org.lakefsbackup.core.error.ErrorCode;

/**
 * A content checksum: an algorithm and the base64 of its big-endian digest bytes, as S3 reports
 * {@code x-amz-checksum-*} values. Written as {@code "<algorithm>:<base64>"} (e.g. {@code "crc64nvme:J8x3aVI2W7I="}).
 *
 * <p>A <em>composite</em> checksum is S3's checksum of the part checksums of a multipart object, written with a
 * {@code -<parts>} suffix; it equals another checksum only when both are the same composite, and it cannot be
 * recomputed from the content without the part sizes.
 *
 * @param algorithm the algorithm
 * @param value     the base64 digest, with {@code -<parts>} for a composite checksum
 */
public record Checksum(ChecksumAlgorithm algorithm, String value) {
    public Checksum {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(value, "value");
        int dash = value.indexOf('-');
        String digest = dash < 0 ? value : value.substring(0, dash);
        if (dash >= 0 && !value.substring(dash + 1).matches("[1-9][0-9]{0,4}")) {
            throw ErrorCode.INVALID_MANIFEST.exception("malformed part count in checksum " + algorithm.id() + ":"
                    + value);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(digest);
        } catch (IllegalArgumentException e) {
            throw ErrorCode.INVALID_MANIFEST.exception("checksum " + algorithm.id() + ":" + value
                    + " is not base64", e);
        }
        if (bytes.length != algorithm.bytes()) {
            throw ErrorCode.INVALID_MANIFEST.exception("checksum " + algorithm.id() + ":" + value + " has "
                    + bytes.length + " bytes, " + algorithm.id() + " has " + algorithm.bytes());
        }
    }

    /** A full-object checksum of the given digest bytes. */
    public static Checksum of(ChecksumAlgorithm algorithm, byte[] digest) {
        return new Checksum(algorithm, Base64.getEncoder().encodeToString(digest));
    }

    /** The MD5 checksum a hex MD5 digest (an S3 ETag that is one) stands for. */
    public static Checksum md5Hex(String hex) {
        return of(ChecksumAlgorithm.MD5, HexFormat.of().parseHex(hex));
    }

    /** Parses {@code "<algorithm>:<base64>"}; {@code null} stays {@code null}. INVALID_MANIFEST when malformed. */
    @JsonCreator
    public static Checksum parse(String text) {
        if (text == null) {
            return null;
        }
        int colon = text.indexOf(':');
        if (colon < 1) {
            throw ErrorCode.INVALID_MANIFEST.exception("malformed checksum '" + text + "' (expected algorithm:base64)");
        }
        return new Checksum(ChecksumAlgorithm.fromId(text.substring(0, colon)), text.substring(colon + 1));
    }

    /** Whether this is a checksum of part checksums (S3 multipart), not of the content itself. */
    public boolean composite() {
        return value.indexOf('-') >= 0;
    }

    /** The digest bytes of a full-object checksum. */
    public byte[] digest() {
        if (composite()) {
            throw new IllegalStateException("a composite checksum has no single digest: " + this);
        }
        return Base64.getDecoder().decode(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return algorithm.id() + ":" + value;
    }
}
