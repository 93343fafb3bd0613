package org.lakefsbackup.core.store;

import java.time.Instant;

/**
 * What keeps an object version from being deleted (S3 Object Lock, an immutability policy): a retention date, a
 * legal hold, or both. A store reports it where it can ({@link ObjectStore#head}); prune skips locked objects and
 * says until when they are kept.
 *
 * @param mode        the retention mode as the store names it ({@code GOVERNANCE}, {@code COMPLIANCE}...), or
 *                    {@code null}
 * @param retainUntil the version may not be deleted before this instant, or {@code null}
 * @param legalHold   a legal hold keeps the version until it is lifted, whatever the date
 */
public record ObjectLock(String mode, Instant retainUntil, boolean legalHold) {
    /** Whether the lock forbids deleting the object at {@code now}. */
    public boolean locked(Instant now) {
        return legalHold || retainUntil != null && retainUntil.isAfter(now);
    }

    /** For messages: e.g. {@code GOVERNANCE until 2026-12-30T00:00:00Z}, {@code legal hold}. */
    public String describe() {
        String retention = retainUntil == null ? null : (mode == null ? "" : mode + " ") + "until " + retainUntil;
        if (legalHold) {
            return retention == null ? "legal hold" : retention + " and a legal hold";
        }
        return retention == null ? "no lock" : retention;
    }
}
