package org.lakefsbackup.core.step;

import java.util.Objects;

/**
 * A submitted lakeFS dump task. {@code taskId} is {@link #SYNC} when the server is older than 1.3.0 and the
 * synchronous API already did the work.
 *
 * @param attempt    which submission of this run's dump this is (1 for the first)
 * @param refsBefore a digest of the branch heads and tags when the dump was submitted (64 hex digits, whatever the
 *                   number of refs), which the poll compares with those after the dump; {@code null} for a task
 *                   submitted by an earlier version, which kept them in the run's scratch ({@code refs-before.json})
 */
public record TaskRef(RunRef run, String taskId, int attempt, String refsBefore) implements RunScoped {
    public static final String SYNC = "sync";

    /** A task whose refs before the dump are in the run's scratch. */
    public TaskRef(RunRef run, String taskId, int attempt) {
        this(run, taskId, attempt, null);
    }

    public TaskRef {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(taskId, "taskId");
        attempt = Math.max(1, attempt);
    }
}
