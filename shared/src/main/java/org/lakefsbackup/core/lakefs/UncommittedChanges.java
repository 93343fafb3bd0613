package org.lakefsbackup.core.lakefs;

import java.util.List;
import java.util.Objects;

/** The first page of a branch's uncommitted changes: paths and whether there are more. */
public record UncommittedChanges(String branch, List<String> paths, boolean more) {
    public UncommittedChanges {
        Objects.requireNonNull(branch, "branch");
        paths = List.copyOf(paths);
    }

    public boolean any() {
        return !paths.isEmpty();
    }
}
