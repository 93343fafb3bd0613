package org.lakefsbackup.core.lakefs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;
import org.lakefsbackup.core.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits in-process for a submitted lakeFS dump or restore task, as the CLI does (the cloud workflows run their own wait
 * loops around the status step). Polls at once, then after an interval that doubles up to a maximum. Like lakectl, it
 * gives up when the task's {@code update_time} is older than the timeout: lakeFS never expires a task whose node died,
 * so a task that makes no progress must be abandoned by the client. Thread-safe if the clock and sleeper are.
 */
public final class TaskPoller {
    private static final Logger LOG = LoggerFactory.getLogger(TaskPoller.class);

    /** Pauses the polling thread; tests pass one that advances a fake clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * How to poll.
     *
     * @param initialInterval the pause after the first poll (default 1 s)
     * @param maxInterval     the longest pause; intervals double up to it (default 10 s)
     * @param timeout         how long the task may go without a new {@code update_time} (default 1 h, like lakectl)
     */
    public record Settings(Duration initialInterval, Duration maxInterval, Duration timeout) {
        public static final Settings DEFAULTS =
                new Settings(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofHours(1));

        public Settings {
            positive("initial poll interval", initialInterval);
            positive("maximum poll interval", maxInterval);
            positive("task timeout", timeout);
            if (maxInterval.compareTo(initialInterval) < 0) {
                throw ErrorCode.INVALID_INPUT.exception("maximum poll interval " + maxInterval
                        + " is shorter than the initial one " + initialInterval);
            }
        }

        private static void positive(String name, Duration value) {
            if (value == null || value.isZero() || value.isNegative()) {
                throw ErrorCode.INVALID_INPUT.exception(name + " must be positive: " + value);
            }
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final Sleeper sleeper;

    public TaskPoller(Settings settings, Clock clock, Sleeper sleeper) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** A poller with the given settings, the system clock and {@link Thread#sleep}. */
    public TaskPoller(Settings settings) {
        this(settings, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()));
    }

    /** Waits for a dump task; the result carries the dumped IDs. */
    public TaskStatus awaitDump(LakeFsClient client, String repository, String taskId) {
        return await("dump task " + taskId + " of '" + repository + "'", () -> client.dumpStatus(repository, taskId));
    }

    /** Waits for a restore task. */
    public TaskStatus awaitRestore(LakeFsClient client, String repository, String taskId) {
        return await("restore task " + taskId + " into '" + repository + "'",
                () -> client.restoreStatus(repository, taskId));
    }

    /**
     * Polls until the task is done.
     *
     * @param description names the task in messages, e.g. "dump task DR... of 'repo'"
     * @param status      one status poll; its exceptions (such as TASK_LOST) propagate
     * @return the final status, done without error
     * @throws org.lakefsbackup.core.error.TaskFailedException       when the task finished with an error
     * @throws org.lakefsbackup.core.error.OperationTimeoutException when {@code update_time} is older than the timeout
     */
    public TaskStatus await(String description, Supplier<TaskStatus> status) {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(status, "status");
        Duration interval = settings.initialInterval();
        int polls = 0;
        while (true) {
            TaskStatus current = check(description, status.get(), clock.instant(), settings.timeout());
            polls++;
            if (current.done()) {
                LOG.info("lakeFS {} done after {} polls", description, polls);
                return current;
            }
            LOG.debug("lakeFS {} still running (last update {}); next poll in {}", description,
                    current.updateTime(), interval);
            sleep(description, interval);
            interval = min(interval.multipliedBy(2), settings.maxInterval());
        }
    }

    /**
     * Checks one poll of a task: the one rule for failed and stale tasks, shared by this loop and by the single-poll
     * steps the cloud workflows call.
     *
     * @return {@code status}, done without error or still making progress
     * @throws org.lakefsbackup.core.error.TaskFailedException       when the task finished with an error
     * @throws org.lakefsbackup.core.error.OperationTimeoutException when not done and {@code update_time} is older than
     *                                                              {@code timeout}
     */
    public static TaskStatus check(String description, TaskStatus status, Instant now, Duration timeout) {
        if (status.failed()) {
            throw ErrorCode.TASK_FAILED.exception("lakeFS " + description + " failed: " + status.error());
        }
        if (!status.done()) {
            Duration idle = Duration.between(status.updateTime(), now);
            if (idle.compareTo(timeout) > 0) {
                throw ErrorCode.TIMEOUT.exception("lakeFS " + description + " made no progress for " + idle
                        + " (last update at " + status.updateTime() + ", timeout " + timeout
                        + "); its lakeFS node may have stopped: resubmit it");
            }
        }
        return status;
    }

    private void sleep(String description, Duration interval) {
        try {
            sleeper.sleep(interval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ErrorCode.INTERNAL.exception("interrupted while waiting for lakeFS " + description, e);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
