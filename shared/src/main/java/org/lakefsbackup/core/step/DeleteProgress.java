package org.lakefsbackup.core.step;

import java.util.List;
import org.lakefsbackup.core.prune.LockedObject;

/**
 * How far a prune's deletes got: the next candidate to delete ({@code chunk}, {@code offset} in it) and the counts
 * so far; {@code done} when every candidate was handled.
 *
 * @param deleted      objects deleted (or found gone)
 * @param deletedBytes their bytes
 * @param locked       objects left because the store locks them
 * @param lockedBytes  their bytes
 * @param lockedSample the first locked objects, with until when they are retained
 */
public record DeleteProgress(boolean done, int chunk, int offset, long deleted, long deletedBytes, long locked,
                             long lockedBytes, List<LockedObject> lockedSample) {
    /** How many locked objects a progress names. */
    public static final int SAMPLE = 20;

    public DeleteProgress {
        lockedSample = lockedSample == null ? List.of() : List.copyOf(lockedSample);
        if (chunk < 0 || offset < 0 || deleted < 0 || deletedBytes < 0 || locked < 0 || lockedBytes < 0) {
            throw new IllegalArgumentException("delete progress must not be negative");
        }
    }

    static DeleteProgress start() {
        return new DeleteProgress(false, 0, 0, 0, 0, 0, 0, List.of());
    }
}
