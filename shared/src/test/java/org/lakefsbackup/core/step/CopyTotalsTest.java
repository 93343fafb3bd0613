package org.lakefsbackup.core.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.copy.CopyFailure;
import org.lakefsbackup.core.copy.CopyPlan;
import org.lakefsbackup.core.copy.CopySummary;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.InternalException;
import org.lakefsbackup.core.error.ThrottledException;
import org.lakefsbackup.core.error.UnavailableException;

class CopyTotalsTest {
    private static final CopyPlan PLAN = new CopyPlan("s3://src/ns", "s3://backups/repo", "s3://backups/_runs/plan",
            3, 10, 1000, 7, 700, 1);

    private static CopySummary failed(ErrorCode... codes) {
        List<CopyFailure> failures = new ArrayList<>();
        for (int i = 0; i < codes.length; i++) {
            failures.add(new CopyFailure("key-" + i, codes[i], codes[i] + " on key-" + i));
        }
        return new CopySummary(5, codes.length, 500, 2, failures);
    }

    private static CopyTotals.ChunkError stepError(Class<?> type) {
        return new CopyTotals.ChunkError(type.getName(), "the step failed");
    }

    @Test
    void aCompleteCopyAddsUpAndCountsWhatThePlanSkipped() {
        CopySummary all = new CopySummary(7, 0, 700, 1, List.of());
        CopyTotals t = CopyTotals.summarize(PLAN, all, 3, 3, List.of());
        assertThat(t.copy()).isEqualTo(all);
        assertThat(t.skipped()).isEqualTo(3);
        assertThat(t.chunks()).isEqualTo(3);
        assertThat(t.failedChunks()).isZero();
    }

    @Test
    void failuresThatAreAllThrottlingOrUnavailabilityAreThrottledExit7() {
        assertThatThrownBy(() -> CopyTotals.summarize(PLAN, failed(ErrorCode.THROTTLED, ErrorCode.UNAVAILABLE), 3, 3,
                List.of(stepError(UnavailableException.class), stepError(ThrottledException.class))))
                .isInstanceOf(ThrottledException.class).hasMessageContaining("key-0").hasMessageContaining("run again")
                .satisfies(e -> assertThat(ErrorCode.THROTTLED.exitCode()).isEqualTo(7));
    }

    @Test
    void anyOtherFailureIsCopyIncompleteExit1() {
        assertThatThrownBy(() -> CopyTotals.summarize(PLAN, failed(ErrorCode.THROTTLED, ErrorCode.UNAUTHORIZED), 3, 3,
                List.of())).isInstanceOf(ErrorCode.COPY_INCOMPLETE.exceptionClass());
        assertThatThrownBy(() -> CopyTotals.summarize(PLAN, failed(ErrorCode.THROTTLED), 3, 3,
                List.of(stepError(InternalException.class)))).as("a step that failed as a whole, not retryably")
                .isInstanceOf(ErrorCode.COPY_INCOMPLETE.exceptionClass())
                .hasMessageContaining(InternalException.class.getName());
        assertThatThrownBy(() -> CopyTotals.summarize(PLAN, CopySummary.empty(), 3, 3,
                List.of(new CopyTotals.ChunkError("States.Timeout", "the host gave up"))))
                .as("an error the core does not know").isInstanceOf(ErrorCode.COPY_INCOMPLETE.exceptionClass());
        assertThat(ErrorCode.COPY_INCOMPLETE.exitCode()).isEqualTo(1);
    }

    @Test
    void badBackupDataIsInvalidManifestExit8() {
        assertThatThrownBy(() -> CopyTotals.summarize(PLAN, failed(ErrorCode.THROTTLED, ErrorCode.INVALID_MANIFEST), 3,
                3, List.of())).isInstanceOf(ErrorCode.INVALID_MANIFEST.exceptionClass());
        assertThatThrownBy(() -> CopyTotals.summarize(PLAN, CopySummary.empty(), 3, 3,
                List.of(stepError(ErrorCode.INVALID_MANIFEST.exceptionClass()))))
                .isInstanceOf(ErrorCode.INVALID_MANIFEST.exceptionClass());
    }

    @Test
    void unlistedFailuresStillDecideByTheirCount() {
        List<CopyFailure> listed = new ArrayList<>();
        for (int i = 0; i < CopySummary.MAX_REPORTED_FAILURES; i++) {
            listed.add(new CopyFailure("k" + i, ErrorCode.THROTTLED, "slow down"));
        }
        CopySummary manyThrottled = new CopySummary(0, 150, 0, 0, listed, 150, 0, 0);
        assertThatThrownBy(() -> CopyTotals.summarize(PLAN, manyThrottled, 3, 3, List.of()))
                .isInstanceOf(ThrottledException.class).hasMessageStartingWith("150 object(s)");
        CopySummary oneNotThrottled = new CopySummary(0, 150, 0, 0, listed, 149, 0, 0);
        assertThatThrownBy(() -> CopyTotals.summarize(PLAN, oneNotThrottled, 3, 3, List.of()))
                .isInstanceOf(ErrorCode.COPY_INCOMPLETE.exceptionClass());
    }

    @Test
    void chunksThatReportedNothingMakeTheCopyIncomplete() {
        assertThatThrownBy(() -> CopyTotals.summarize(PLAN, new CopySummary(7, 0, 700, 0, List.of()), 2, 3,
                List.of())).isInstanceOf(ErrorCode.COPY_INCOMPLETE.exceptionClass()).hasMessageContaining("2 of 3");
    }
}
