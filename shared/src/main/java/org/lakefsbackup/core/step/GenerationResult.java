package org.lakefsbackup.core.step;

import java.util.List;

/**
 * A committed backup generation: the one a backup wrote, or ({@code unchanged}) the latest one, which a backup found
 * still current and marked so instead of writing a new one.
 *
 * @param report    where the run's report is ({@code generations/<id>/report.json}, with {@code report.md} beside
 *                  it); when unchanged, the report of the run that wrote the generation
 * @param unchanged the run found the repository unchanged since {@code generation} and wrote no new generation
 * @param mark      (when unchanged) the still-current mark the run wrote, {@code generations/<generation>/current/
 *                  <run>.json}
 */
public record GenerationResult(String repository, String generation, String manifest, long objects, long bytes,
                               long copiedObjects, long copiedBytes, int branches, int tags, long commits,
                               List<String> warnings, String report, boolean unchanged, String mark) {
    public GenerationResult {
        warnings = List.copyOf(warnings);
        if (unchanged != (mark != null)) {
            throw new IllegalArgumentException("a still-current mark is named exactly when the repository was unchanged");
        }
    }

    /** A generation this run wrote. */
    public GenerationResult(String repository, String generation, String manifest, long objects, long bytes,
                            long copiedObjects, long copiedBytes, int branches, int tags, long commits,
                            List<String> warnings, String report) {
        this(repository, generation, manifest, objects, bytes, copiedObjects, copiedBytes, branches, tags, commits,
                warnings, report, false, null);
    }
}
