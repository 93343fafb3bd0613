package org.lakefsbackup.core.step;

import java.util.List;

/** A committed backup generation. */
public record GenerationResult(String repository, String generation, String manifest, long objects, long bytes,
                               long copiedObjects, long copiedBytes, int branches, int tags, long commits,
                               List<String> warnings) {
    public GenerationResult {
        warnings = List.copyOf(warnings);
    }
}
