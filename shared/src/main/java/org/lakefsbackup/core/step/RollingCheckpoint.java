package org.lakefsbackup.core.step;

import java.util.List;

/**
 * Where an interrupted {@code read-data-subset} continues: the kept generations' inventories are merged into one
 * stream of distinct backed-up objects ({@link org.lakefsbackup.core.prune.LiveSet}), resumed after {@code lastKey}
 * from each inventory's chunk in {@code positions}.
 *
 * @param lastKey   the last key checked; {@code null} before the first
 * @param positions per generation of the target (in its order), the inventory chunk to resume at; empty at the start
 * @param checked   distinct objects checked by listing so far
 * @param read      of these, objects read back and compared with their recorded checksum
 * @param missing   objects the backup lacks that a kept generation references
 * @param mismatched objects the backup holds with other content
 * @param excused   objects the backup lacks that only generations forgotten meanwhile reference (a concurrent prune
 *                  deleted them): not failures
 * @param problems  the first (at most 100) problems, each naming its key
 */
public record RollingCheckpoint(String lastKey, List<Integer> positions, long checked, long read, long missing,
                                long mismatched, long excused, List<String> problems) {
    /** Reading from the start. */
    public static final RollingCheckpoint START = new RollingCheckpoint(null, List.of(), 0, 0, 0, 0, 0, List.of());

    public RollingCheckpoint {
        positions = positions == null ? List.of() : List.copyOf(positions);
        if (checked < 0 || read < 0 || missing < 0 || mismatched < 0 || excused < 0 || read > checked) {
            throw new IllegalArgumentException("checkpoint counts must not be negative, nor reads exceed checks");
        }
        if (positions.stream().anyMatch(p -> p < 0)) {
            throw new IllegalArgumentException("inventory positions must not be negative");
        }
        if (lastKey != null && lastKey.isEmpty()) {
            throw new IllegalArgumentException("lastKey must be null or a key");
        }
        problems = problems == null ? List.of() : List.copyOf(problems.size() > VerifyCheckpoint.MAX_PROBLEMS
                ? problems.subList(0, VerifyCheckpoint.MAX_PROBLEMS) : problems);
    }

    /** This checkpoint without its problem list (a finished read's, whose entry has them). */
    public RollingCheckpoint withoutProblems() {
        return new RollingCheckpoint(lastKey, positions, checked, read, missing, mismatched, excused, List.of());
    }
}
