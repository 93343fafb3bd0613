package org.lakefsbackup.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import org.lakefsbackup.core.store.Checksum;

/**
 * One object to copy: keys relative to the plan's source and target roots, size, source ETag and, when known, the
 * checksum the copy must have.
 *
 * @param checksum the content checksum the written copy must report (a restore: the one the inventory recorded for
 *                 the backup's copy; a backup: the source's own, where its store keeps one), or {@code null}. The
 *                 copy asks the target store for this algorithm.
 */
public record CopyItem(@JsonProperty("s") String source, @JsonProperty("t") String target,
                       @JsonProperty("n") long size, @JsonProperty("e") String etag,
                       @JsonProperty("c") Checksum checksum) {
    public CopyItem {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
    }

    /** An item whose content nothing is known about beyond its size. */
    public CopyItem(String source, String target, long size, String etag) {
        this(source, target, size, etag, null);
    }
}
