package org.lakefsbackup.core.run;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.lakefsbackup.core.copy.ProgressListener;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs steps with the policy's retries and polls tasks until done. */
final class StepRunner {
    private static final Logger LOG = LoggerFactory.getLogger(StepRunner.class);

    /** Waits; replaced in tests. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final RunPolicy policy;
    private final Sleeper sleeper;
    private final ProgressListener progress;

    StepRunner(RunPolicy policy, Sleeper sleeper, ProgressListener progress) {
        this.policy = policy;
        this.sleeper = sleeper;
        this.progress = progress;
    }

    <T> T step(String name, Supplier<T> step) {
        progress.stepStarted(name);
        Duration wait = policy.retryBackoff();
        for (int attempt = 1; ; attempt++) {
            try {
                return step.get();
            } catch (LakeFsBackupException e) {
                if (!e.retryable() || attempt >= policy.stepAttempts()) {
                    throw e;
                }
                LOG.warn("step {} failed (attempt {} of {}), retrying: {}", name, attempt, policy.stepAttempts(),
                        e.getMessage());
                progress.retried(name, e.getMessage());
                pause(wait);
                wait = wait.multipliedBy(2);
            }
        }
    }

    <T> T poll(String name, Supplier<T> poll, Predicate<T> done) {
        Duration wait = policy.pollInterval();
        while (true) {
            T result = step(name, poll);
            if (done.test(result)) {
                return result;
            }
            pause(wait);
            long next = Math.min(policy.maxPollInterval().toMillis(), wait.toMillis() * 3 / 2 + 1);
            wait = Duration.ofMillis(next);
        }
    }

    private void pause(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ErrorCode.UNAVAILABLE.exception("interrupted", e);
        }
    }
}
