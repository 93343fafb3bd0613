package org.lakefsbackup.testkit.lakefs;

import java.time.Instant;

/** The status of an asynchronous dump or restore task. Guarded by the emulator's state lock. */
final class TaskRecord {
    final String id;
    boolean done;
    Instant updateTime;
    String error;
    /** Dump results (possibly partial); {@code null} for restores and until the first dump step finished. */
    RefsIds refs;

    TaskRecord(String id, Instant updateTime) {
        this.id = id;
        this.updateTime = updateTime;
    }
}
