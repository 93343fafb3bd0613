package org.lakefsbackup.core.step;

import java.util.Objects;

/**
 * One poll of a refs restore. {@link TaskState#RUNNING}: wait and poll again. {@link TaskState#DONE}: the target's
 * refs are restored (also when lakeFS reported an error after all refs were in place). {@link TaskState#FAILED},
 * {@link TaskState#LOST}, {@link TaskState#STALE}: the workflow resets the target it created and submits again.
 */
public record RestorePoll(RestoreTask task, TaskState state, String error, String updateTime) implements RunScoped {
    public RestorePoll {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(state, "state");
    }

    @Override
    public RunRef run() {
        return task.run();
    }
}
