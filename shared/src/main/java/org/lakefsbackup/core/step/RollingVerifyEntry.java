package org.lakefsbackup.core.step;

import java.util.List;

/**
 * What a rolling verification run found in one repository.
 *
 * @param repository the backed-up repository
 * @param generation the latest generation
 * @param generations how many kept generations were read (the latest and the older ones kept)
 * @param subset     the subset read back, {@code n/t}
 * @param checked    distinct backed-up objects the kept generations reference, checked by listing (presence, size,
 *                   ETag)
 * @param read       of these, objects read back and compared with their recorded checksum (those of the subset)
 * @param missing    objects the backup lacks
 * @param mismatched objects the backup holds with other content
 * @param excused    objects the backup lacks that only generations forgotten during the run reference (a
 *                   concurrent prune deleted them): not failures
 * @param problems   the first (at most 100) problems, each naming its key
 * @param passRead   the subsets of {@code t} read of the latest generation since its last full pass, after this run (as its
 *                   {@code checks.json} records them; empty right after a full pass)
 * @param lastFullPass when the latest generation's last full read-back pass ended, or {@code null}
 * @param skipped    why nothing was verified after all (a retention policy forgot every generation while they
 *                   were read: a concurrent prune may remove their objects), or {@code null}
 */
public record RollingVerifyEntry(String repository, String generation, int generations, String subset,
                                 long checked, long read, long missing, long mismatched, long excused,
                                 List<String> problems, List<Integer> passRead, java.time.Instant lastFullPass,
                                 String skipped) {
    public RollingVerifyEntry {
        passRead = passRead == null ? List.of() : List.copyOf(passRead);
        problems = problems == null ? List.of() : List.copyOf(problems.size() > VerifyCheckpoint.MAX_PROBLEMS
                ? problems.subList(0, VerifyCheckpoint.MAX_PROBLEMS) : problems);
    }

    /** Whether the subset was read without a problem (or the generation was skipped). */
    public boolean ok() {
        return skipped != null || missing == 0 && mismatched == 0;
    }
}
