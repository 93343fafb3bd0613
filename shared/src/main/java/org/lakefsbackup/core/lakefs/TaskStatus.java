package org.lakefsbackup.core.lakefs;

import java.time.Instant;
import java.util.Objects;

/**
 * The status of an asynchronous dump or restore task. Check {@link #error()} before {@link #refs()}: lakeFS sets
 * partial refs on failed dumps.
 *
 * @param refs the dumped IDs when a dump is done without error; {@code null} otherwise and for restores
 */
public record TaskStatus(String id, boolean done, Instant updateTime, String error, MetaRangeIds refs) {
    public TaskStatus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(updateTime, "updateTime");
        error = error == null || error.isEmpty() ? null : error;
    }

    public boolean failed() {
        return done && error != null;
    }

    public boolean succeeded() {
        return done && error == null;
    }
}
