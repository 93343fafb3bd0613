package org.lakefsbackup.core.copy;

import java.util.ArrayList;
import java.util.List;

/**
 * What one or more copy steps did. {@code failures} lists at most {@link #MAX_REPORTED_FAILURES} of the
 * {@code failed} objects so payloads stay small.
 */
public record CopySummary(long copied, long failed, long bytesCopied, long retries, List<CopyFailure> failures) {
    public static final int MAX_REPORTED_FAILURES = 100;

    public CopySummary {
        failures = List.copyOf(failures.size() > MAX_REPORTED_FAILURES
                ? failures.subList(0, MAX_REPORTED_FAILURES) : failures);
    }

    public static CopySummary empty() {
        return new CopySummary(0, 0, 0, 0, List.of());
    }

    public CopySummary plus(CopySummary other) {
        List<CopyFailure> all = new ArrayList<>(failures);
        all.addAll(other.failures);
        return new CopySummary(copied + other.copied, failed + other.failed, bytesCopied + other.bytesCopied,
                retries + other.retries, all);
    }
}
