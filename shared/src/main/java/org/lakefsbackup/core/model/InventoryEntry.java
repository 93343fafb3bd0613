package org.lakefsbackup.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import org.lakefsbackup.core.store.Checksum;

/**
 * One object of a generation: its namespace-relative key, size and source ETag, where the backup holds it, and
 * what identifies the backup's copy.
 *
 * @param key        the namespace-relative key ({@code k})
 * @param size       its size in bytes ({@code s})
 * @param etag       the source's ETag when it was backed up, or {@code null} ({@code e}); opaque: compared only with
 *                   the same namespace's ETags
 * @param stored     where the backup holds it, relative to the repository's backup root ({@code b})
 * @param checksum   a checksum of the content, reported by the backup store for its copy (S3 additional checksum,
 *                   SHA-256 of a file, an MD5 ETag where the store said it is one), or {@code null} when no store
 *                   reported one or the inventory predates checksums ({@code c})
 * @param storedEtag the ETag of the backup's copy, or {@code null} ({@code t}); opaque: compared only with the
 *                   backup store's listing
 */
public record InventoryEntry(@JsonProperty("k") String key, @JsonProperty("s") long size,
                             @JsonProperty("e") String etag, @JsonProperty("b") String stored,
                             @JsonProperty("c") Checksum checksum, @JsonProperty("t") String storedEtag) {
    public InventoryEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(stored, "stored");
        if (size < 0) {
            throw new IllegalArgumentException("negative size for " + key);
        }
    }

    /** An entry without anything known about the backup's copy yet. */
    public InventoryEntry(String key, long size, String etag, String stored) {
        this(key, size, etag, stored, null, null);
    }

    /** This entry with what a copy or a listing established about the backup's copy. */
    public InventoryEntry withCopy(Checksum newChecksum, String newStoredEtag) {
        return new InventoryEntry(key, size, etag, stored, newChecksum, newStoredEtag);
    }
}
