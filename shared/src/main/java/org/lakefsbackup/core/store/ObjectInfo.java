package org.lakefsbackup.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * What a store knows about one object.
 *
 * @param key          the key relative to the listed (or headed) location's parent prefix, see {@link ObjectStore}
 * @param size         size in bytes
 * @param etag         the store's entity tag without quotes, or {@code null} when the store has none
 * @param checksum     a content checksum the store keeps, algorithm and value as the store reports it
 *                     ({@code "sha256:<base64>"}, {@code "crc32c:<base64>"}...), or
 *                     {@code null}
 * @param lastModified last modification time, or {@code null}
 */
public record ObjectInfo(String key, long size, String etag, String checksum, Instant lastModified) {
    public ObjectInfo {
        Objects.requireNonNull(key, "key");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        if (etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")) {
            etag = etag.substring(1, etag.length() - 1);
        }
    }

    public ObjectInfo withKey(String newKey) {
        return new ObjectInfo(newKey, size, etag, checksum, lastModified);
    }
}
