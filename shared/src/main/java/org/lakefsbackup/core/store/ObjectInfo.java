package org.lakefsbackup.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a store knows about one object.
 *
 * @param key          the key relative to the listed (or headed) location's parent prefix, see {@link ObjectStore}
 * @param size         size in bytes
 * @param etag         the store's entity tag without quotes, or {@code null} when the store has none. An ETag is
 *                     opaque: two listings of one store give equal ETags for an unchanged object, but it is a
 *                     content digest only where {@code etagIsMd5} says so
 * @param checksum     a content checksum the store keeps or computed (S3 additional checksums with checksum mode,
 *                     SHA-256 for files, Azure's Content-MD5), or {@code null}
 * @param lastModified last modification time, or {@code null}
 * @param etagIsMd5    whether the store says {@code etag} is the hex MD5 of the content. S3 says so only for a
 *                     HEAD or copy answer of a single-part object in plain text or with SSE-S3, never in a listing
 *                     (a listing does not say whether an object is encrypted with SSE-KMS or SSE-C, whose ETags
 *                     are not MD5s)
 * @param lock         what keeps this version from being deleted (Object Lock retention, a legal hold), where the
 *                     store reports it (an S3 HEAD by a caller allowed to read retention), else {@code null}
 */
public record ObjectInfo(String key, long size, String etag, Checksum checksum, Instant lastModified,
                         boolean etagIsMd5, ObjectLock lock) {
    public ObjectInfo {
        Objects.requireNonNull(key, "key");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        etag = unquote(etag);
        if (etagIsMd5 && !isHexMd5(etag)) {
            throw new IllegalArgumentException("an ETag said to be an MD5 must be 32 hex digits: " + etag);
        }
    }

    /** An object without a reported lock. */
    public ObjectInfo(String key, long size, String etag, Checksum checksum, Instant lastModified,
                      boolean etagIsMd5) {
        this(key, size, etag, checksum, lastModified, etagIsMd5, null);
    }

    /**
     * An object whose ETag the store does not vouch for as an MD5.
     *
     * @param checksum {@code "<algorithm>:<base64>"} (see {@link Checksum#parse}) or {@code null}
     */
    public ObjectInfo(String key, long size, String etag, String checksum, Instant lastModified) {
        this(key, size, etag, Checksum.parse(checksum), lastModified, false);
    }

    public ObjectInfo withKey(String newKey) {
        return new ObjectInfo(newKey, size, etag, checksum, lastModified, etagIsMd5, lock);
    }

    /** The content checksums the store vouches for: {@link #checksum} and, where it is one, the ETag's MD5. */
    public List<Checksum> checksums() {
        return ContentIdentity.checksums(checksum, etag, etagIsMd5);
    }

    static String unquote(String etag) {
        if (etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")) {
            return etag.substring(1, etag.length() - 1);
        }
        return etag;
    }

    static boolean isHexMd5(String etag) {
        if (etag == null || etag.length() != 32) {
            return false;
        }
        for (int i = 0; i < 32; i++) {
            if (Character.digit(etag.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
