package org.lakefsbackup.core.step;

import java.util.List;
import org.lakefsbackup.core.prune.LockedObject;

/**
 * Forgotten generations prune removed (their inventories, marks, manifest, then the forgotten marker), and those it
 * left because the store locks some of their files (they stay forgotten; a later prune removes them).
 */
public record RemovedGenerations(List<String> removed, List<String> left, List<LockedObject> locked) {
    public RemovedGenerations {
        removed = List.copyOf(removed);
        left = List.copyOf(left);
        locked = List.copyOf(locked);
    }
}
