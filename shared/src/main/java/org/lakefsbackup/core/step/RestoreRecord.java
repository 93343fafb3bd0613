package org.lakefsbackup.core.step;

import java.time.Instant;

/**
 * Which restore works on a target namespace, kept in the backup location's {@code restores/}: lets a re-run of the
 * same restore find and resume the run, and tells a later restore that the target was already restored.
 *
 * @param completedAt  when the restore was verified and finished; {@code null} while it is unfinished
 * @param verification what the finished restore verified; {@code null} while it is unfinished
 */
record RestoreRecord(String generation, String targetRepository, String targetNamespace, String runId,
                     Instant startedAt, Instant completedAt, RestoreVerification verification) {
    boolean sameRestore(String generation, String targetRepository, String targetNamespace) {
        return this.generation.equals(generation) && this.targetRepository.equals(targetRepository)
                && this.targetNamespace.equals(targetNamespace);
    }

    boolean finished() {
        return completedAt != null;
    }
}
