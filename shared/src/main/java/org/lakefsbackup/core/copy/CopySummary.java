package org.lakefsbackup.core.copy;

import java.util.ArrayList;
import java.util.List;

/**
 * What one or more copy steps did. {@code failures} lists at most {@link #MAX_REPORTED_FAILURES} of the
 * {@code failed} objects so payloads stay small; {@code retryableFailures} counts the failed objects whose last
 * error was retryable (throttling, unavailability), all of them, listed or not.
 */
public record CopySummary(long copied, long failed, long bytesCopied, long retries, List<CopyFailure> failures,
                          long retryableFailures) {
    public static final int MAX_REPORTED_FAILURES = 100;

    public CopySummary {
        failures = List.copyOf(failures.size() > MAX_REPORTED_FAILURES
                ? failures.subList(0, MAX_REPORTED_FAILURES) : failures);
        if (retryableFailures < 0 || retryableFailures > failed) {
            throw new IllegalArgumentException("retryable failures must be between 0 and the failures");
        }
    }

    /** A summary whose failures are all listed; the retryable ones are counted from the list. */
    public CopySummary(long copied, long failed, long bytesCopied, long retries, List<CopyFailure> failures) {
        this(copied, failed, bytesCopied, retries, failures,
                failures.stream().filter(f -> f.code().retryable()).count());
    }

    public static CopySummary empty() {
        return new CopySummary(0, 0, 0, 0, List.of(), 0);
    }

    public CopySummary plus(CopySummary other) {
        List<CopyFailure> all = new ArrayList<>(failures);
        all.addAll(other.failures);
        return new CopySummary(copied + other.copied, failed + other.failed, bytesCopied + other.bytesCopied,
                retries + other.retries, all, retryableFailures + other.retryableFailures);
    }

    /** Whether every failed object failed only for a reason that may pass (throttling, unavailability). */
    public boolean failedOnlyRetryably() {
        return retryableFailures == failed;
    }
}
