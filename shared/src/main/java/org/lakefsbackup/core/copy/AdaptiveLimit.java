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
 * answered that burst). It never exceeds its maximum.
 *
 * <p>The level applies to each {@link Group} (one chunk's copies) on its own, and what every group's copies show
 * adapts it for all of them, so chunks copied one after another or side by side continue where the others left it.
 * Whatever the level, the copies of all groups together never exceed the {@code cap} (the target store's connection
 * pool). Thread-safe.
 */
final class AdaptiveLimit {
    private static final Logger LOG = LoggerFactory.getLogger(AdaptiveLimit.class);

    private final int max;
    private final int cap;
    private final LongSupplier nanoClock;
    private final Group single = new Group();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition free = lock.newCondition();
    private int limit;
    private int inFlight;
    private int peakInFlight;
    private int lowest;
    private int highest;
    private long windowStart;
    private int windowDone;
    private double lastRate;
    private long decreases;

    /** The copies of one chunk: at most the level of them run at once. Guarded by the limit's lock. */
    static final class Group {
        private int inFlight;
    }

    /** A limit without a cap on the copies of all groups together. */
    AdaptiveLimit(int start, int max, LongSupplier nanoClock) {
        this(start, max, Integer.MAX_VALUE, nanoClock);
    }

    /**
     * @param start     the configured level
     * @param max       the highest level it may reach (at least {@code start})
     * @param cap       the most copies of all groups together at once (at least 1)
     * @param nanoClock {@link System#nanoTime} or a test clock
     */
    AdaptiveLimit(int start, int max, int cap, LongSupplier nanoClock) {
        if (start < 1 || max < start || cap < 1) {
            throw new IllegalArgumentException("need 1 <= start <= max and cap >= 1, got " + start + ", " + max
                    + " and " + cap);
        }
        this.max = max;
        this.cap = cap;
        this.nanoClock = nanoClock;
        this.limit = start;
        this.lowest = start;
        this.highest = start;
        this.windowStart = nanoClock.getAsLong();
    }

    /** A new group of copies (one chunk's). */
    Group group() {
        return new Group();
    }

    /** {@link #acquire(Group)} in the limit's one default group. */
    long acquire() throws InterruptedException {
        return acquire(single);
    }

    /** {@link #release(Group, long, boolean)} in the limit's one default group. */
    void release(long ticket, boolean throttled) {
        release(single, ticket, throttled);
    }

    /**
     * Waits until fewer of the group's copies than the limit run and fewer than the cap in all, then counts one more.
     *
     * @return the ticket to {@link #release} it with
     */
    long acquire(Group group) throws InterruptedException {
        lock.lock();
        try {
            while (group.inFlight >= limit || inFlight >= cap) {
                free.await(1, TimeUnit.SECONDS);
            }
            group.inFlight++;
            inFlight++;
            peakInFlight = Math.max(peakInFlight, inFlight);
            return decreases;
        } finally {
            lock.unlock();
        }
    }

    /** One copy of the group finished; {@code throttled} when the store asked to slow down while it ran. */
    void release(Group group, long ticket, boolean throttled) {
        lock.lock();
        try {
            group.inFlight--;
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

    /** The most copies of all groups that ran at once so far. */
    int peakInFlight() {
        lock.lock();
        try {
            return peakInFlight;
        } finally {
            lock.unlock();
        }
    }

    /** The most copies of all groups together at once. */
    int cap() {
        return cap;
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
