package org.lakefsbackup.core.step;

import java.util.Objects;

/**
 * A submitted lakeFS dump task. {@code taskId} is {@link #SYNC} when the server is older than 1.3.0 and the
 * synchronous API already did the work.
 *
 * @param attempt which submission of this run's dump this is (1 for the first)
 */
public record TaskRef(RunRef run, String taskId, int attempt) implements RunScoped {
    public static final String SYNC = "sync";

    public TaskRef {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(taskId, "taskId");
        attempt = Math.max(1, attempt);
    }
}
