package org.lakefsbackup.core.step;

import java.util.Objects;

/**
 * A submitted lakeFS dump or restore task. {@code taskId} is {@link #SYNC} when the server is older than 1.3.0
 * and the synchronous API already did the work.
 */
public record TaskRef(RunRef run, String taskId) {
    public static final String SYNC = "sync";

    public TaskRef {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(taskId, "taskId");
    }
}
