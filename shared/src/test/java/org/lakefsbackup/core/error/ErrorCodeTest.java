package org.lakefsbackup.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {

    @Test
    void everyCodeHasItsOwnStableExceptionClass() {
        Set<Class<?>> classes = new HashSet<>();
        for (ErrorCode code : ErrorCode.values()) {
            LakeFsBackupException e = code.exception("m", null);
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getClass().getPackageName()).isEqualTo("org.lakefsbackup.core.error");
            assertThat(e.getClass().getSimpleName()).endsWith("Exception");
            assertThat(classes.add(e.getClass())).as("unique class for %s", code).isTrue();
        }
    }

    @Test
    void onlyTransientFailuresAreRetryable() {
        assertThat(ErrorCode.THROTTLED.retryable()).isTrue();
        assertThat(ErrorCode.UNAVAILABLE.retryable()).isTrue();
        assertThat(ErrorCode.TIMEOUT.retryable()).as("a stale task is submitted again, not polled again").isFalse();
        assertThat(ErrorCode.COPY_INCOMPLETE.retryable()).isTrue();
        assertThat(ErrorCode.INVALID_INPUT.retryable()).isFalse();
        assertThat(ErrorCode.UNAUTHORIZED.retryable()).isFalse();
        assertThat(ErrorCode.NOT_FOUND.retryable()).isFalse();
        assertThat(ErrorCode.CONFLICT.retryable()).isFalse();
        assertThat(ErrorCode.VERIFICATION_FAILED.retryable()).isFalse();
    }

    @Test
    void exitCodesAreTheDocumentedOnes() {
        assertThat(ErrorCode.INVALID_INPUT.exitCode()).isEqualTo(2);
        assertThat(ErrorCode.VERIFICATION_FAILED.exitCode()).isEqualTo(3);
        assertThat(ErrorCode.NOT_FOUND.exitCode()).isEqualTo(4);
        assertThat(ErrorCode.CONFLICT.exitCode()).isEqualTo(5);
        assertThat(ErrorCode.UNAUTHORIZED.exitCode()).isEqualTo(6);
        assertThat(ErrorCode.UNAVAILABLE.exitCode()).isEqualTo(7);
        assertThat(ErrorCode.INVALID_MANIFEST.exitCode()).isEqualTo(8);
    }
}
