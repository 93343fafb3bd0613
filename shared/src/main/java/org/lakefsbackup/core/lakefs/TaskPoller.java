package org.lakefsbackup.core.lakefs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.retry.RetryPolicy;
import org.lakefsbackup.core.retry.Sleeper;
import org.lakefsbackup.core.step.TaskState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one rule for lakeFS dump and restore tasks ({@link #classify}), and an in-process wait built on it for the
 * lakefs-refs.py-style commands (the workflows poll with their own durable timers). Like lakectl, a task whose
 * {@code update_time} is older than the timeout is stale: lakeFS never expires a task whose node died, so a task
 * that makes no progress must be abandoned by the client. Thread-safe if the clock and sleeper are.
 */
public final class TaskPoller {
    private static final Logger LOG = LoggerFactory.getLogger(TaskPoller.class);

    private final RetryPolicy poll;
    private final Duration timeout;
    private final Clock clock;
    private final Sleeper sleeper;

    /**
     * @param poll    the waits between polls ({@link RetryPolicy#POLL})
     * @param timeout how long a task may go without a new {@code update_time}
     */
    public TaskPoller(RetryPolicy poll, Duration timeout, Clock clock, Sleeper sleeper) {
        this.poll = Objects.requireNonNull(poll, "poll");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw ErrorCode.INVALID_INPUT.exception("the task timeout must be positive: " + timeout);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * Where a task stands: {@link TaskState#DONE}, {@link TaskState#FAILED} (done with an error),
     * {@link TaskState#STALE} (not done and {@code update_time} older than {@code timeout}) or
     * {@link TaskState#RUNNING}. A task lakeFS does not know is reported by the client as TASK_LOST.
     */
    public static TaskState classify(TaskStatus status, Instant now, Duration timeout) {
        if (status.done()) {
            return status.failed() ? TaskState.FAILED : TaskState.DONE;
        }
        return Duration.between(status.updateTime(), now).compareTo(timeout) > 0 ? TaskState.STALE : TaskState.RUNNING;
    }

    /**
     * Polls until the task is done.
     *
     * @param description names the task in messages, e.g. "dump task DR... of 'repo'"
     * @param status      one status poll; its exceptions (such as TASK_LOST) propagate
     * @return the final status, done without error
     * @throws org.lakefsbackup.core.error.TaskFailedException       when the task finished with an error
     * @throws org.lakefsbackup.core.error.OperationTimeoutException when the task is stale
     */
    public TaskStatus await(String description, Supplier<TaskStatus> status) {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(status, "status");
        for (int polls = 1; ; polls++) {
            TaskStatus current = status.get();
            switch (classify(current, clock.instant(), timeout)) {
                case DONE -> {
                    LOG.info("lakeFS {} done after {} polls", description, polls);
                    return current;
                }
                case FAILED -> throw ErrorCode.TASK_FAILED.exception("lakeFS " + description + " failed: "
                        + current.error());
                case STALE -> throw ErrorCode.TIMEOUT.exception("lakeFS " + description + " made no progress since "
                        + current.updateTime() + " (timeout " + timeout + "); its lakeFS node may have stopped: "
                        + "run it again");
                default -> {
                    Duration wait = poll.nominalDelay(polls);
                    LOG.debug("lakeFS {} still running (last update {}); next poll in {}", description,
                            current.updateTime(), wait);
                    sleeper.pause(wait);
                }
            }
        }
    }
}
