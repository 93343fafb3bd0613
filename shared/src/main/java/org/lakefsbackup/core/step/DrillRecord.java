package org.lakefsbackup.core.step;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The result of a drill, written beside the generation it restored
 * ({@code <repository>/generations/<generation>/drills/<started>-<name>.json}, with a Markdown rendering beside it)
 * and returned by the drill workflow.
 *
 * @param formatVersion       {@value #FORMAT_VERSION}
 * @param drill               the drill's name (its temporary repository's name)
 * @param runId               the drill's run (also its restore's run id)
 * @param ok                  the restore verified, every sampled object matched and the clean-up finished
 * @param restored            what the restore verified, when it did
 * @param check               the read-back of sampled objects, when it ran
 * @param cleanup             what was removed, when the clean-up ran
 * @param error               the drill's failure, when it failed
 * @param warnings            what the drill noticed but did not fail for (objects it left, leftovers it removed)
 * @param record              where this record is
 */
public record DrillRecord(int formatVersion, String drill, String runId, String repository, String generation,
                          String temporaryRepository, String namespace, Instant startedAt, Instant finishedAt,
                          long durationMs, boolean ok, RestoreVerification restored, DrillCheck check,
                          DrillCleanup cleanup, Failure error, List<String> warnings, String record) {
    public static final int FORMAT_VERSION = 1;

    public DrillRecord {
        Objects.requireNonNull(drill, "drill");
        Objects.requireNonNull(generation, "generation");
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /**
     * A drill's failure.
     *
     * @param code    the core's error code ({@code VERIFICATION_FAILED}...), {@code INTERNAL} for anything else
     * @param part    which part failed: {@code restore}, {@code check}, {@code cleanup}
     * @param type    the failure's class name as the host reported it
     * @param message what went wrong
     */
    public record Failure(String code, String part, String type, String message) {
    }
}
