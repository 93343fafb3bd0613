package org.lakefsbackup.core.copy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.store.Checksum;

/**
 * What the copy of one plan item did, as a copy step records it next to its plan chunk so that the verification
 * of a new generation can rely on the copy answers instead of listing the backup.
 *
 * @param key      the item's source key (a backup's namespace key)
 * @param size     the item's size
 * @param etag     the ETag the target store reported for the copy, or {@code null}
 * @param checksum the content checksum the target store reported (or the MD5 its ETag is), or {@code null}
 * @param failure  {@code null} when the copy succeeded; otherwise why it did not (VERIFICATION_FAILED when the copy
 *                 had other content than expected)
 */
public record CopiedObject(@JsonProperty("k") String key, @JsonProperty("s") long size, @JsonProperty("t") String etag,
                           @JsonProperty("c") Checksum checksum, @JsonProperty("f") ErrorCode failure) {
    public CopiedObject {
        Objects.requireNonNull(key, "key");
    }

    public boolean ok() {
        return failure == null;
    }
}
