package org.lakefsbackup.core.step;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.lakefsbackup.core.copy.CopyFailure;
import org.lakefsbackup.core.copy.CopyPlan;
import org.lakefsbackup.core.copy.CopySummary;
import org.lakefsbackup.core.error.ErrorCode;

/**
 * What every copy step of a plan did together, and the objects the plan skipped as already present; with the one
 * rule for an incomplete copy, the same on every host ({@link #summarize}).
 */
public record CopyTotals(CopySummary copy, long skipped, int chunks, int failedChunks) {
    public CopyTotals {
        Objects.requireNonNull(copy, "copy");
    }

    /** A copy step that failed as a whole (its error, as the host reports it: the exception class name). */
    public record ChunkError(String errorType, String message) {
        /** Whether the step failed for a reason that may pass (throttling, unavailability). */
        public boolean retryable() {
            return ErrorCode.forExceptionName(errorType).map(ErrorCode::retryable).orElse(false);
        }
    }

    /**
     * Adds up the copy steps of {@code plan} ({@code chunks} summaries, {@code chunkErrors} for steps that failed as
     * a whole) and fails when anything is missing or wrong: VERIFICATION_FAILED when a copy had other content than
     * the inventory recorded ({@link CopySummary#requireNoMismatch}); INVALID_MANIFEST (exit 8) when the source refused an object as
     * bad backup data (a symbolic link in a {@code file://} backup); else THROTTLED (retryable, exit 7) when every
     * failure was throttling or unavailability, so automation may simply run again; COPY_INCOMPLETE otherwise. A
     * re-run copies only what is missing.
     *
     * @param expectedChunks how many steps the plan's fan-out ran (checked against what was reported)
     */
    public static CopyTotals summarize(CopyPlan plan, CopySummary total, int reportedChunks, int expectedChunks,
                                       List<ChunkError> chunkErrors) {
        CopyTotals totals = new CopyTotals(total, plan == null ? 0 : plan.skippedObjects(), reportedChunks,
                chunkErrors.size());
        total.requireNoMismatch();
        if (total.failed() > 0 || !chunkErrors.isEmpty()) {
            List<String> first = new ArrayList<>();
            for (CopyFailure f : total.failures()) {
                if (first.size() < 5) {
                    first.add(f.key() + ": " + f.code() + " " + f.message());
                }
            }
            String message = total.failed() + " object(s) and " + chunkErrors.size() + " copy step(s) failed (run again "
                    + "to copy only what is missing); first objects: " + first
                    + (chunkErrors.isEmpty() ? "" : "; first step error: " + chunkErrors.get(0).errorType() + ": "
                    + chunkErrors.get(0).message());
            boolean onlyRetryable = total.failedOnlyRetryably()
                    && chunkErrors.stream().allMatch(ChunkError::retryable);
            boolean badData = total.failures().stream().anyMatch(f -> f.code() == ErrorCode.INVALID_MANIFEST)
                    || chunkErrors.stream().anyMatch(e -> ErrorCode.forExceptionName(e.errorType())
                    .filter(ErrorCode.INVALID_MANIFEST::equals).isPresent());
            throw (badData ? ErrorCode.INVALID_MANIFEST : onlyRetryable ? ErrorCode.THROTTLED
                    : ErrorCode.COPY_INCOMPLETE).exception(message);
        }
        if (reportedChunks != expectedChunks) {
            throw ErrorCode.COPY_INCOMPLETE.exception("the copy reported " + reportedChunks + " of " + expectedChunks
                    + " chunks");
        }
        return totals;
    }
}
