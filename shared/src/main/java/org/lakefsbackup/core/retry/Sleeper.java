package org.lakefsbackup.core.retry;

import java.time.Duration;
import org.lakefsbackup.core.error.ErrorCode;

/** Waits; the one way the core pauses (tests pass one that records or advances a fake clock). */
@FunctionalInterface
public interface Sleeper {
    /** {@link Thread#sleep}. */
    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis(), 0);

    void sleep(Duration duration) throws InterruptedException;

    /**
     * Sleeps; an interrupt restores the thread's interrupt flag and fails with UNAVAILABLE (the run stops and can be
     * resumed).
     */
    default void pause(Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            return;
        }
        try {
            sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ErrorCode.UNAVAILABLE.exception("interrupted while waiting", e);
        }
    }
}
