package org.lakefsbackup.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;

class RetryPolicyTest {
    private static final RetryPolicy FIXED = new RetryPolicy(5, Duration.ofSeconds(5), Duration.ofSeconds(30), 2.0,
            false);

    @Test
    void nominalDelaysGrowByTheBackoffRateUpToTheCap() {
        assertThat(List.of(1, 2, 3, 4, 5, 10, 1000).stream().map(FIXED::nominalDelay).toList()).containsExactly(
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30));
        assertThat(RetryPolicy.STEP.nominalDelay(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(RetryPolicy.STEP.nominalDelay(6)).as("160 s, capped").isEqualTo(Duration.ofMinutes(2));
        assertThat(RetryPolicy.POLL.nominalDelay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> FIXED.nominalDelay(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutJitterTheDelayIsTheNominalOne() {
        for (int retry = 1; retry <= 6; retry++) {
            assertThat(FIXED.delay(retry)).isEqualTo(FIXED.nominalDelay(retry));
        }
    }

    @Test
    void fullJitterStaysBetweenZeroAndTheNominalDelayAndVaries() {
        RetryPolicy jittered = new RetryPolicy(8, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, true);
        for (int retry = 1; retry <= 8; retry++) {
            Set<Duration> seen = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                Duration d = jittered.delay(retry);
                assertThat(d).isBetween(Duration.ZERO, jittered.nominalDelay(retry));
                seen.add(d);
            }
            assertThat(seen).as("retry %d: random waits", retry).hasSizeGreaterThan(10);
        }
        assertThat(RetryPolicy.STEP.immediate().delay(3)).isZero();
    }

    @Test
    void onlyRetryableFailuresAreRetriedAndOnlyWhileAttemptsRemain() {
        assertThat(FIXED.retries(ErrorCode.UNAVAILABLE.exception("down"), 1)).isTrue();
        assertThat(FIXED.retries(ErrorCode.THROTTLED.exception("slow down"), 4)).isTrue();
        assertThat(FIXED.retries(ErrorCode.THROTTLED.exception("slow down"), 5)).as("the last attempt").isFalse();
        assertThat(FIXED.retries(ErrorCode.CONFLICT.exception("held"), 1)).isFalse();
        assertThat(FIXED.retries(ErrorCode.TIMEOUT.exception("stale"), 1)).as("a stale poll is not retried").isFalse();
        assertThat(FIXED.retries(new IllegalStateException("bug"), 1)).isFalse();
    }

    @Test
    void runCountsAttemptsWaitsBetweenThemAndReturnsTheFirstSuccess() {
        List<Duration> waits = new ArrayList<>();
        List<Integer> retried = new ArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        String result = FIXED.run(() -> {
            if (calls.incrementAndGet() < 3) {
                throw ErrorCode.UNAVAILABLE.exception("attempt " + calls.get());
            }
            return "done";
        }, waits::add, (attempt, failure) -> retried.add(attempt));
        assertThat(result).isEqualTo("done");
        assertThat(calls).hasValue(3);
        assertThat(retried).containsExactly(1, 2);
        assertThat(waits).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    @Test
    void runGivesUpAfterMaxAttemptsWithTheLastFailure() {
        AtomicInteger calls = new AtomicInteger();
        List<Duration> waits = new ArrayList<>();
        assertThatThrownBy(() -> FIXED.run(() -> {
            throw ErrorCode.THROTTLED.exception("attempt " + calls.incrementAndGet());
        }, waits::add, RetryPolicy.RetryListener.NONE)).isInstanceOf(LakeFsBackupException.class)
                .hasMessage("attempt 5");
        assertThat(calls).hasValue(5);
        assertThat(waits).hasSize(4);
    }

    @Test
    void runDoesNotRetryANonRetryableFailure() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> FIXED.run(() -> {
            calls.incrementAndGet();
            throw ErrorCode.NOT_FOUND.exception("gone");
        }, d -> { }, RetryPolicy.RetryListener.NONE)).hasMessage("gone");
        assertThatThrownBy(() -> FIXED.run(() -> {
            calls.incrementAndGet();
            throw new IllegalArgumentException("bug");
        }, d -> { }, RetryPolicy.RetryListener.NONE)).isInstanceOf(IllegalArgumentException.class);
        assertThat(calls).hasValue(2);
    }

    @Test
    void withMaxAttemptsKeepsTheDelaysAndOneAttemptNeverRetries() {
        RetryPolicy once = RetryPolicy.STEP.withMaxAttempts(1);
        assertThat(once.nominalDelay(2)).isEqualTo(RetryPolicy.STEP.nominalDelay(2));
        assertThat(once.retries(ErrorCode.UNAVAILABLE.exception("down"), 1)).isFalse();
    }

    @Test
    void invalidPoliciesAreRejected() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, 1, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(2, Duration.ofSeconds(2), Duration.ofSeconds(1), 1, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(2, Duration.ofSeconds(-1), Duration.ofSeconds(1), 1, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(2, Duration.ZERO, Duration.ZERO, 0.5, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(2, Duration.ZERO, Duration.ZERO, Double.NaN, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSleeperInterruptedFailsAsUnavailableAndKeepsTheInterruptFlag() {
        Sleeper interrupted = d -> {
            throw new InterruptedException();
        };
        try {
            assertThatThrownBy(() -> interrupted.pause(Duration.ofMillis(1)))
                    .isInstanceOf(ErrorCode.UNAVAILABLE.exceptionClass());
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        interrupted.pause(Duration.ZERO); // no wait, no call
    }
}
