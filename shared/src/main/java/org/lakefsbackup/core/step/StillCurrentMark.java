package org.lakefsbackup.core.step;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.model.Manifest;

/**
 * A still-current mark, {@code generations/<generation>/current/<run>.json}: backup run {@code run} found the
 * repository's refs, settings and namespace equal to what generation {@code generation} recorded, so that generation
 * is the backup of the run's time too. Written once (create-only); the run's time is its id's.
 *
 * @param checkedAt   when the comparison ended
 * @param compared    namespace objects compared with the generation's inventory
 * @param uncommitted branches with uncommitted changes (as the generation recorded them: a run whose uncommitted
 *                    changes differ writes a new generation)
 * @param warnings    the generation's warnings, still true
 */
public record StillCurrentMark(String generation, String run, Instant checkedAt, long compared,
                               List<Manifest.Uncommitted> uncommitted, List<String> warnings) {
    public StillCurrentMark {
        new GenerationId(generation);
        new GenerationId(run);
        Objects.requireNonNull(checkedAt, "checkedAt");
        uncommitted = List.copyOf(uncommitted);
        warnings = List.copyOf(warnings);
    }
}
