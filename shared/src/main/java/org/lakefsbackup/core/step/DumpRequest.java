package org.lakefsbackup.core.step;

import java.util.Objects;

/** Input of the dump submission step: the run and which submission this is (1 for the first). */
public record DumpRequest(RunRef run, int attempt) implements RunScoped {
    public DumpRequest {
        Objects.requireNonNull(run, "run");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1");
        }
    }
}
