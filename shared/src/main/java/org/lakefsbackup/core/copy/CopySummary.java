package org.lakefsbackup.core.copy;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.ArrayList;
import java.util.List;
import org.lakefsbackup.core.error.ErrorCode;

/**
 * What one or more copy steps did. {@code failures} lists at most {@link #MAX_REPORTED_FAILURES} of the
 * {@code failed} objects so payloads stay small.
 *
 * @param copied            objects copied (their content matched where an expected checksum was known)
 * @param failed            objects not copied, or copied with other content than expected ({@code mismatched})
 * @param bytesCopied       bytes of the copied objects
 * @param retries           per-object copy attempts beyond the first
 * @param failures          the first failures, by key
 * @param retryableFailures of {@code failed}: the objects whose last error was retryable (throttling,
 *                          unavailability), all of them, listed or not
 * @param mismatched        of {@code failed}: copies whose checksum differs from the one expected (a restore: the
 *                          one the generation's inventory recorded). Their failure code is VERIFICATION_FAILED and
 *                          the wrong copy was deleted again
 * @param unverified        of {@code copied}: objects with an expected checksum that the target store's answer gave
 *                          nothing comparable for
 *                          (the last three are 0 when read from a summary written before they existed)
 */
public record CopySummary(long copied, long failed, long bytesCopied, long retries, List<CopyFailure> failures,
                          @JsonSetter(nulls = Nulls.AS_EMPTY) long retryableFailures,
                          @JsonSetter(nulls = Nulls.AS_EMPTY) long mismatched,
                          @JsonSetter(nulls = Nulls.AS_EMPTY) long unverified) {
    public static final int MAX_REPORTED_FAILURES = 100;

    public CopySummary {
        failures = List.copyOf(failures.size() > MAX_REPORTED_FAILURES
                ? failures.subList(0, MAX_REPORTED_FAILURES) : failures);
        if (copied < 0 || failed < 0 || bytesCopied < 0 || retries < 0 || retryableFailures < 0 || mismatched < 0
                || unverified < 0) {
            throw new IllegalArgumentException("copy counts must not be negative");
        }
        if (retryableFailures > failed || mismatched > failed || unverified > copied) {
            throw new IllegalArgumentException(
                    "retryable and mismatched copies are failures and unverified ones are copies");
        }
    }

    /** A summary without content checks whose failures are all listed; the retryable ones are counted from the list. */
    public CopySummary(long copied, long failed, long bytesCopied, long retries, List<CopyFailure> failures) {
        this(copied, failed, bytesCopied, retries, failures, retryable(failures), 0, 0);
    }

    /** A summary whose failures are all listed; the retryable ones are counted from the list. */
    public CopySummary(long copied, long failed, long bytesCopied, long retries, List<CopyFailure> failures,
                       long mismatched, long unverified) {
        this(copied, failed, bytesCopied, retries, failures, retryable(failures), mismatched, unverified);
    }

    private static long retryable(List<CopyFailure> failures) {
        return failures.stream().filter(f -> f.code().retryable()).count();
    }

    public static CopySummary empty() {
        return new CopySummary(0, 0, 0, 0, List.of());
    }

    /**
     * Throws VERIFICATION_FAILED naming the keys when a copy had other content than recorded (a restore of damaged
     * backup data): the caller must stop before anything relies on the copies (a restore: before the refs are
     * restored). Does nothing otherwise.
     */
    public void requireNoMismatch() {
        if (mismatched == 0) {
            return;
        }
        List<String> keys = failures.stream().filter(f -> f.code() == ErrorCode.VERIFICATION_FAILED)
                .map(CopyFailure::key).limit(10).toList();
        throw ErrorCode.VERIFICATION_FAILED.exception(mismatched + " copied object(s) have other content than the "
                + "backup recorded (damaged backup data?); the copies were deleted. First: " + String.join(", ", keys));
    }

    public CopySummary plus(CopySummary other) {
        List<CopyFailure> all = new ArrayList<>(failures);
        all.addAll(other.failures);
        return new CopySummary(copied + other.copied, failed + other.failed, bytesCopied + other.bytesCopied,
                retries + other.retries, all, retryableFailures + other.retryableFailures,
                mismatched + other.mismatched, unverified + other.unverified);
    }

    /** Whether every failed object failed only for a reason that may pass (throttling, unavailability). */
    public boolean failedOnlyRetryably() {
        return retryableFailures == failed;
    }
}
