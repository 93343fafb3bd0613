package org.lakefsbackup.core.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;

/**
 * The project's one retry model: at most {@code maxAttempts} attempts in all; the wait before retry {@code n}
 * ({@code n >= 1}) is {@code min(maxDelay, firstDelay * backoffRate^(n-1))}, and with {@code jitter} a uniformly
 * random wait between zero and that ("full jitter"). Only failures whose {@link ErrorCode#retryable()} is true are
 * retried.
 *
 * <p>The same numbers drive every host: the in-process workflow runner and the chunk copier use {@link #delay};
 * the Step Functions definitions carry them as {@code Retry} blocks ({@code IntervalSeconds = firstDelay},
 * {@code MaxAttempts = maxAttempts - 1} retries, {@code BackoffRate}, {@code MaxDelaySeconds = maxDelay},
 * {@code JitterStrategy FULL}); a test asserts that they agree. Immutable and thread-safe.
 *
 * @param maxAttempts attempts including the first, at least 1
 * @param firstDelay  the wait before the first retry
 * @param maxDelay    the longest single wait, at least {@code firstDelay}
 * @param backoffRate the factor by which each wait grows, at least 1
 * @param jitter      full jitter (a random wait up to the computed one) instead of the computed wait itself
 */
public record RetryPolicy(int maxAttempts, Duration firstDelay, Duration maxDelay, double backoffRate,
                          boolean jitter) {

    /**
     * A workflow step that failed with a retryable error (lakeFS or a store throttled or unavailable): 8 attempts,
     * 5 s doubling up to 2 min, about 6.5 minutes of waiting in all, so a lakeFS restart or a load balancer's 5xx
     * burst is ridden out rather than failing a restore.
     */
    public static final RetryPolicy STEP = new RetryPolicy(8, Duration.ofSeconds(5), Duration.ofMinutes(2), 2.0, true);

    /**
     * The host's own transient errors (Lambda service errors, throttled invocations): 6 attempts, 2 s doubling up to
     * 1 min.
     */
    public static final RetryPolicy HOST = new RetryPolicy(6, Duration.ofSeconds(2), Duration.ofMinutes(1), 2.0, true);

    /** One object inside a copy chunk: 5 attempts, 200 ms doubling up to 20 s; what still fails is reported as data. */
    public static final RetryPolicy OBJECT =
            new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(20), 2.0, true);

    /**
     * Waits between polls of a lakeFS task or a copy job: 250 ms, doubling up to 10 s (the refs dump of a small
     * repository ends within a second: a first wait of 2 s was most of an incremental backup's dump step; three more
     * polls of a long task). Polling ends on the task's own state or when it makes no progress for the task timeout,
     * never on a count, so {@code maxAttempts} is unbounded. The Step Functions definitions wait {@code maxDelay}
     * between polls.
     */
    public static final RetryPolicy POLL =
            new RetryPolicy(Integer.MAX_VALUE, Duration.ofMillis(250), Duration.ofSeconds(10), 2.0, false);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(firstDelay, "firstDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("delays must not be negative and maxDelay must be at least firstDelay");
        }
        if (!(backoffRate >= 1.0) || Double.isInfinite(backoffRate)) {
            throw new IllegalArgumentException("backoffRate must be at least 1, was " + backoffRate);
        }
    }

    /** This policy with no waiting at all (tests against in-process servers). */
    public RetryPolicy immediate() {
        return new RetryPolicy(maxAttempts, Duration.ZERO, Duration.ZERO, backoffRate, false);
    }

    /** This policy with another number of attempts. */
    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, firstDelay, maxDelay, backoffRate, jitter);
    }

    /** The computed wait before retry {@code retry} (1 for the first retry), before jitter. */
    public Duration nominalDelay(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retries count from 1");
        }
        double millis = firstDelay.toMillis() * Math.pow(backoffRate, retry - 1);
        return millis >= maxDelay.toMillis() ? maxDelay : Duration.ofMillis((long) millis);
    }

    /** The wait before retry {@code retry} (1 for the first retry), jittered when the policy says so. */
    public Duration delay(int retry) {
        Duration nominal = nominalDelay(retry);
        if (!jitter || nominal.isZero()) {
            return nominal;
        }
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(nominal.toMillis() + 1));
    }

    /** Whether a failure on attempt {@code attempt} (1 for the first) is retried. */
    public boolean retries(Throwable failure, int attempt) {
        return attempt < maxAttempts && failure instanceof LakeFsBackupException e && e.retryable();
    }

    /**
     * Runs {@code action}, retrying retryable failures as this policy says; the last failure propagates.
     *
     * @param onRetry told of each failure that is retried, with the attempt that failed (1 for the first)
     */
    public <T> T run(java.util.function.Supplier<T> action, Sleeper sleeper, RetryListener onRetry) {
        for (int attempt = 1; ; attempt++) {
            try {
                return action.get();
            } catch (RuntimeException e) {
                if (!retries(e, attempt)) {
                    throw e;
                }
                onRetry.retrying(attempt, (LakeFsBackupException) e);
                sleeper.pause(delay(attempt));
            }
        }
    }

    /** Told of each failure that will be retried. */
    @FunctionalInterface
    public interface RetryListener {
        RetryListener NONE = (attempt, failure) -> { };

        void retrying(int attempt, LakeFsBackupException failure);
    }
}
