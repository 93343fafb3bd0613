package org.lakefsbackup.core.step;

import java.util.Objects;

/**
 * One poll of a lakeFS task. When {@code done} is false the caller waits and polls again with the same
 * {@link TaskRef}. {@code consistent} is false when a dump finished but branches or tags moved while it ran: the
 * caller submits the dump again.
 */
public record TaskPoll(TaskRef task, boolean done, boolean consistent, String updateTime) {
    public TaskPoll {
        Objects.requireNonNull(task, "task");
    }
}
