package org.lakefsbackup.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/** One object to copy: keys relative to the plan's source and target roots, size and source ETag. */
public record CopyItem(@JsonProperty("s") String source, @JsonProperty("t") String target,
                       @JsonProperty("n") long size, @JsonProperty("e") String etag) {
    public CopyItem {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
    }
}
