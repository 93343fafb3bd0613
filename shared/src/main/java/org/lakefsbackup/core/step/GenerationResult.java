package org.lakefsbackup.core.step;

import java.util.List;

/**
 * A committed backup generation.
 *
 * @param report where the run's report is ({@code generations/<id>/report.json}, with {@code report.md} beside it)
 */
public record GenerationResult(String repository, String generation, String manifest, long objects, long bytes,
                               long copiedObjects, long copiedBytes, int branches, int tags, long commits,
                               List<String> warnings, String report) {
    public GenerationResult {
        warnings = List.copyOf(warnings);
    }
}
