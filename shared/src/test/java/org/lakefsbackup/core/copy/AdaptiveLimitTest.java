package org.lakefsbackup.core.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdaptiveLimitTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong clock = new AtomicLong();

    /** Runs one window: {@code copies} copies acquired and released, the clock moved by {@code nanos}. */
    private void window(AdaptiveLimit limit, int copies, long nanos, boolean throttled) throws InterruptedException {
        for (int i = 0; i < copies; i++) {
            long ticket = limit.acquire();
            clock.addAndGet(nanos / copies);
            limit.release(ticket, throttled && i == copies - 1);
        }
    }

    @Test
    void growsByOneAfterEachWindowWhileCopiesPerSecondGrow() throws InterruptedException {
        AdaptiveLimit limit = new AdaptiveLimit(4, 16, clock::get);
        window(limit, 4, SECOND, false);
        assertThat(limit.limit()).isEqualTo(5);
        window(limit, 5, SECOND, false);
        assertThat(limit.limit()).isEqualTo(6);
        // more copies at once did not make more copies per second: it stays
        window(limit, 6, 2 * SECOND, false);
        assertThat(limit.limit()).isEqualTo(6);
        window(limit, 6, SECOND, false);
        assertThat(limit.limit()).isEqualTo(7);
    }

    @Test
    void halvesOnThrottlingOncePerBurstAndNeverBelowOne() throws InterruptedException {
        AdaptiveLimit limit = new AdaptiveLimit(8, 32, clock::get);
        long[] tickets = new long[8];
        for (int i = 0; i < 8; i++) {
            tickets[i] = limit.acquire();
        }
        // all eight were throttled in the same burst: one halving
        for (long ticket : tickets) {
            limit.release(ticket, true);
        }
        assertThat(limit.limit()).isEqualTo(4);
        for (int i = 0; i < 5; i++) {
            window(limit, 1, SECOND, true);
        }
        assertThat(limit.limit()).isEqualTo(1);
        assertThat(limit.range()).containsExactly(1, 8);
        // after throttling stops it grows again
        window(limit, 1, SECOND, false);
        assertThat(limit.limit()).isEqualTo(2);
    }

    @Test
    void neverGrowsBeyondItsMaximum() throws InterruptedException {
        AdaptiveLimit limit = new AdaptiveLimit(2, 3, clock::get);
        for (int copies = 2; copies < 8; copies++) {
            window(limit, limit.limit(), SECOND / copies, false);
        }
        assertThat(limit.limit()).isEqualTo(3);
        assertThat(limit.range()).containsExactly(2, 3);
        assertThatThrownBy(() -> new AdaptiveLimit(4, 3, clock::get)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachGroupRunsUpToTheLevelAndAllGroupsTogetherUpToTheCap() throws Exception {
        AdaptiveLimit limit = new AdaptiveLimit(4, 8, 6, clock::get);
        AdaptiveLimit.Group first = limit.group();
        AdaptiveLimit.Group second = limit.group();
        long[] firsts = new long[4];
        for (int i = 0; i < 4; i++) {
            firsts[i] = limit.acquire(first);
        }
        limit.acquire(second);
        limit.acquire(second);
        assertThat(limit.peakInFlight()).isEqualTo(6);

        // a third copy of the second group would make 7 in all: it waits until one of the first group's ends
        java.util.concurrent.CountDownLatch acquired = new java.util.concurrent.CountDownLatch(1);
        Thread waiting = new Thread(() -> {
            try {
                limit.acquire(second);
                acquired.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiting.start();
        long deadline = System.nanoTime() + 30 * SECOND;
        while (waiting.getState() != Thread.State.TIMED_WAITING && waiting.getState() != Thread.State.WAITING
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(acquired.getCount()).as("still waiting at the cap").isEqualTo(1);
        limit.release(first, firsts[0], false);
        assertThat(acquired.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        waiting.join(30_000);
        assertThat(limit.peakInFlight()).isEqualTo(6);
        assertThatThrownBy(() -> new AdaptiveLimit(1, 1, 0, clock::get)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLevelOneGroupReachedHoldsForTheNextGroup() throws InterruptedException {
        AdaptiveLimit limit = new AdaptiveLimit(8, 32, 64, clock::get);
        AdaptiveLimit.Group throttledChunk = limit.group();
        long ticket = limit.acquire(throttledChunk);
        limit.release(throttledChunk, ticket, true);
        assertThat(limit.limit()).isEqualTo(4);

        // the next chunk runs at the level the first one left
        AdaptiveLimit.Group nextChunk = limit.group();
        for (int i = 0; i < 4; i++) {
            limit.acquire(nextChunk);
        }
        assertThat(limit.peakInFlight()).isEqualTo(4);
        AdaptiveLimit.Group other = limit.group();
        limit.acquire(other);
        assertThat(limit.peakInFlight()).as("another chunk has its own four").isEqualTo(5);
    }
}
