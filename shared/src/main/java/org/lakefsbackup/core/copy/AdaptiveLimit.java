package org.lakefsbackup.core.copy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many copies run at once, adapted as TCP and rclone's pacer do (additive increase, multiplicative decrease):
 * it starts at the configured level; after each window of as many completed copies as the limit, it grows by one when
 * the window saw no throttling and finished more copies per second than the window before; a throttled copy halves
 * it at once (never below 1) and starts a new window, unless the copy started before the last halving (which already
 * answered that burst). It never exceeds its maximum. Thread-safe.
 */
final class AdaptiveLimit {
    private static final Logger LOG = LoggerFactory.getLogger(AdaptiveLimit.class);

    private final int max;
    private final LongSupplier nanoClock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition free = lock.newCondition();
    private int limit;
    private int inFlight;
    private int lowest;
    private int highest;
    private long windowStart;
    private int windowDone;
    private double lastRate;
    private long decreases;

    /**
     * @param start     the configured level
     * @param max       the highest level it may reach (at least {@code start})
     * @param nanoClock {@link System#nanoTime} or a test clock
     */
    AdaptiveLimit(int start, int max, LongSupplier nanoClock) {
        if (start < 1 || max < start) {
            throw new IllegalArgumentException("need 1 <= start <= max, got " + start + " and " + max);
        }
        this.max = max;
        this.nanoClock = nanoClock;
        this.limit = start;
        this.lowest = start;
        this.highest = start;
        this.windowStart = nanoClock.getAsLong();
    }

    /**
     * Waits until fewer copies than the limit run, then counts one more.
     *
     * @return the ticket to {@link #release} it with
     */
    long acquire() throws InterruptedException {
        lock.lock();
        try {
            while (inFlight >= limit) {
                free.await(1, TimeUnit.SECONDS);
            }
            inFlight++;
            return decreases;
        } finally {
            lock.unlock();
        }
    }

    /** One copy finished; {@code throttled} when the store asked to slow down while it ran. */
    void release(long ticket, boolean throttled) {
        lock.lock();
        try {
            inFlight--;
            if (throttled && ticket == decreases) {
                decreases++;
                int before = limit;
                limit = Math.max(1, limit / 2);
                lowest = Math.min(lowest, limit);
                newWindow(0);
                LOG.debug("throttled: copy concurrency {} -> {}", before, limit);
            } else if (!throttled && ++windowDone >= limit) {
                long now = nanoClock.getAsLong();
                double rate = windowDone * 1e9 / Math.max(1, now - windowStart);
                if (rate > lastRate && limit < max) {
                    limit++;
                    highest = Math.max(highest, limit);
                    LOG.debug("copy concurrency {} -> {} ({} copies/s)", limit - 1, limit, (long) rate);
                }
                newWindow(rate);
            }
            free.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void newWindow(double rate) {
        windowStart = nanoClock.getAsLong();
        windowDone = 0;
        lastRate = rate;
    }

    int limit() {
        lock.lock();
        try {
            return limit;
        } finally {
            lock.unlock();
        }
    }

    /** The lowest and the highest limit so far. */
    int[] range() {
        lock.lock();
        try {
            return new int[] {lowest, highest};
        } finally {
            lock.unlock();
        }
    }
}
