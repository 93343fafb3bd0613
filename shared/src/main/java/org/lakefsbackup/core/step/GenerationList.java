package org.lakefsbackup.core.step;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.model.Manifest;

/**
 * The committed generations at a backup location, oldest first per repository, repositories by name: what each
 * manifest says, or, for a manifest that cannot be read, why ({@link Entry#error()}); one broken generation never
 * hides the others.
 */
public record GenerationList(String location, List<Entry> generations) {
    public GenerationList {
        Objects.requireNonNull(location, "location");
        generations = List.copyOf(generations);
    }

    /** The entries whose manifest could not be read. */
    public List<Entry> broken() {
        return generations.stream().filter(e -> e.error() != null).toList();
    }

    /**
     * One generation: its manifest's summary, or the error reading it (then every other field but the ids is null);
     * and its restore drills, when it was drilled: the newest ({@code lastDrill}) and when the newest that verified
     * it finished ({@code lastVerifiedDrillAt}); and {@code currentAt}, when a later backup last found the repository
     * unchanged and marked this generation still current (the newest mark's run time), or {@code null}.
     */
    public record Entry(String repository, String generation, Instant createdAt, Long objects, Long bytes,
                        Integer branches, Integer tags, Long commits, String lakefsVersion, Integer warnings,
                        DrillHistory.Last lastDrill, Instant lastVerifiedDrillAt, Instant currentAt, Error error) {
        public Entry {
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(generation, "generation");
        }

        static Entry of(String repository, Manifest m, DrillHistory.Summary drills, Instant currentAt) {
            return new Entry(repository, m.generation(), m.createdAt(), m.inventory().objects(),
                    m.inventory().bytes(), m.branches().size(), m.tags().size(), m.commitCount(),
                    m.source().lakefsVersion(), m.warnings().size(), drills == null ? null : drills.last(),
                    drills == null ? null : drills.lastVerifiedAt(), currentAt, null);
        }

        static Entry broken(String repository, GenerationId id, LakeFsBackupException e) {
            return new Entry(repository, id.value(), null, null, null, null, null, null, null, null, null, null,
                    null, new Error(e.code(), e.getMessage()));
        }
    }

    /** Why a generation's manifest could not be read. */
    public record Error(ErrorCode code, String message) {
        public Error {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }

        /** The error as the core's exception again. */
        public LakeFsBackupException exception() {
            return code.exception(message);
        }
    }
}
