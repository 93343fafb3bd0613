package org.lakefsbackup.core.lakefs;

import java.util.Objects;

/** A branch or tag and the commit it points at. */
public record NamedRef(String name, String commitId) {
    public NamedRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(commitId, "commitId");
    }
}
