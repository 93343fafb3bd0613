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
}
