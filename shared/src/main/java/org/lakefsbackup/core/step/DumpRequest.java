package org.lakefsbackup.core.step;

import java.util.Objects;

/**
 * Input of the dump submission step: the run and which submission this is (1 for the first).
 *
 * @param asyncApi whether lakeFS has the asynchronous dump API (prepare's {@link BackupRun#asyncApi}); {@code null}:
 *                 read it from the run's {@code prepared.json}
 */
public record DumpRequest(RunRef run, int attempt, Boolean asyncApi) implements RunScoped {
    /** A submission that reads whether lakeFS has the asynchronous API from the run's scratch. */
    public DumpRequest(RunRef run, int attempt) {
        this(run, attempt, null);
    }

    public DumpRequest {
        Objects.requireNonNull(run, "run");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1");
        }
    }
}
