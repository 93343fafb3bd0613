package org.lakefsbackup.core.run;

import java.time.Duration;
import java.util.Objects;

/**
 * How the in-process runner retries and polls, mirroring what the cloud workflows declare.
 *
 * @param stepAttempts      attempts of a step that fails with a retryable error (default 3)
 * @param retryBackoff      wait before the first retry, doubled each time (default 1 s)
 * @param pollInterval      first wait between task polls (default 1 s)
 * @param maxPollInterval   the poll wait grows by half each time up to this (default 10 s)
 * @param dumpAttempts      dumps submitted again when refs moved while one ran (default 3)
 */
public record RunPolicy(int stepAttempts, Duration retryBackoff, Duration pollInterval, Duration maxPollInterval,
                        int dumpAttempts) {
    public RunPolicy {
        if (stepAttempts < 1 || dumpAttempts < 1) {
            throw new IllegalArgumentException("attempts must be positive");
        }
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(maxPollInterval, "maxPollInterval");
    }

    public static RunPolicy defaults() {
        return new RunPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(10), 3);
    }

    /** No waiting at all: for tests against in-process emulators. */
    public static RunPolicy immediate() {
        return new RunPolicy(3, Duration.ZERO, Duration.ofMillis(20), Duration.ofMillis(100), 3);
    }
}
