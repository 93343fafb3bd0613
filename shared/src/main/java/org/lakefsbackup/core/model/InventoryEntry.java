package org.lakefsbackup.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * One object of a generation: its namespace-relative key, size, ETag (may be {@code null}) and where the backup
 * holds it, relative to the repository's backup root.
 */
public record InventoryEntry(@JsonProperty("k") String key, @JsonProperty("s") long size,
                             @JsonProperty("e") String etag, @JsonProperty("b") String stored) {
    public InventoryEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(stored, "stored");
        if (size < 0) {
            throw new IllegalArgumentException("negative size for " + key);
        }
    }
}
