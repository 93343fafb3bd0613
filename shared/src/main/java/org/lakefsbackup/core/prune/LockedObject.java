package org.lakefsbackup.core.prune;

import java.time.Instant;
import java.util.Objects;

/**
 * A backed-up object prune left because the store locks it (Object Lock retention, a legal hold, an immutability
 * policy): it is deleted by a later prune once the lock lapses.
 *
 * @param stored      where the backup holds it, relative to the repository's backup root
 * @param size        its size
 * @param retainUntil until when it is retained, or {@code null} (a legal hold, or a refusal the store did not explain)
 * @param lock        the lock as the store describes it, e.g. {@code GOVERNANCE until 2026-12-30T00:00:00Z}
 */
public record LockedObject(String stored, long size, Instant retainUntil, String lock) {
    public LockedObject {
        Objects.requireNonNull(stored, "stored");
        Objects.requireNonNull(lock, "lock");
    }
}
