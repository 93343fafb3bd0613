package org.lakefsbackup.azure.durable;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.InternalException;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.error.ThrottledException;
import org.lakefsbackup.core.retry.RetryPolicy;

/** How Durable's failure reports become the core's errors again, and the retry waits. */
class DurableErrorsTest {
    @Test
    void anActivitysSimpleClassNameAnOrchestrationsFullNameAndAPrefixedMessageAreTheCoresErrors() {
        assertThat(DurableErrors.code("ThrottledException", "slow down")).contains(ErrorCode.THROTTLED);
        assertThat(DurableErrors.code("org.lakefsbackup.core.error.ConflictException", "held"))
                .contains(ErrorCode.CONFLICT);
        assertThat(DurableErrors.code("java.lang.RuntimeException",
                "org.lakefsbackup.core.error.CopyIncompleteException: 2 objects failed"))
                .contains(ErrorCode.COPY_INCOMPLETE);
        assertThat(DurableErrors.message("java.lang.RuntimeException", "CopyIncompleteException: 2 objects failed"))
                .isEqualTo("2 objects failed");
        assertThat(DurableErrors.code("java.util.concurrent.TimeoutException", "function timed out")).isEmpty();
    }

    @Test
    void aFailureOfTheHostIsInternalAndNamesWhatFailed() {
        LakeFsBackupException core = DurableErrors.toCore("copy-chunk",
                "java.util.concurrent.TimeoutException", "Timeout value of 02:00:00 was exceeded");
        assertThat(core).isInstanceOf(InternalException.class).hasMessageContaining("copy-chunk")
                .hasMessageContaining("TimeoutException");
        assertThat(DurableErrors.toCore("poll-dump", "ThrottledException",
                "lakeFS answered 429")).isInstanceOf(ThrottledException.class)
                .hasMessage("lakeFS answered 429");
    }

    @Test
    void retryWaitsAreThePolicysJitteredDelaysTheSameOnEveryReplay() {
        for (int retry = 1; retry < RetryPolicy.STEP.maxAttempts(); retry++) {
            Duration wait = StepRetryHandler.delay(RetryPolicy.STEP, retry, 42);
            assertThat(wait).isBetween(Duration.ZERO, RetryPolicy.STEP.nominalDelay(retry));
            assertThat(StepRetryHandler.delay(RetryPolicy.STEP, retry, 42)).isEqualTo(wait);
        }
        RetryPolicy fixed = new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(10), 2.0, false);
        assertThat(StepRetryHandler.delay(fixed, 2, 7)).isEqualTo(Duration.ofSeconds(4));
    }
}
