package org.lakefsbackup.core.step;

import java.util.Objects;

/**
 * One poll of a lakeFS dump. When {@code state} is {@link TaskState#RUNNING} the workflow waits and polls again;
 * {@link TaskState#LOST} and {@link TaskState#STALE} make it submit the dump again, as does a finished dump that is
 * not {@code consistent} (branches or tags moved while it ran).
 */
public record TaskPoll(TaskRef task, TaskState state, boolean consistent, String updateTime, String message) {
    public TaskPoll {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(state, "state");
    }

    public boolean done() {
        return state == TaskState.DONE;
    }

    /** Whether the dump must be submitted again: lost, stale, or finished while refs moved. */
    public boolean resubmit() {
        return state == TaskState.LOST || state == TaskState.STALE || state == TaskState.DONE && !consistent;
    }
}
