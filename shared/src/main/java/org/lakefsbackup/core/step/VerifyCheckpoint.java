package org.lakefsbackup.core.step;

import java.util.List;

/**
 * Where an interrupted verification continues: verifying is resumable so that no single invocation has to merge
 * more than a budget of objects (a Lambda invocation lasts at most 15 minutes).
 *
 * @param lastKey        the last inventory key verified; {@code null} before the first. The backup listing resumes
 *                       after it ({@code startAfter}) and inventory entries up to it are skipped.
 * @param inventoryChunk the index of the inventory chunk to read from (earlier chunks hold only keys up to
 *                       {@code lastKey})
 * @param checked        inventory entries verified so far
 * @param missing        of these, entries the backup lacks
 * @param mismatched     of these, entries the backup holds with other content
 * @param problems       the first (at most 100) problems found so far
 * @param read           of the entries verified, objects read back and compared with their recorded checksum (a deep
 *                       or rolling verification's)
 */
public record VerifyCheckpoint(String lastKey, int inventoryChunk, long checked, long missing, long mismatched,
                               List<String> problems, long read) {
    /** At most this many problems are kept. */
    public static final int MAX_PROBLEMS = 100;

    /** Verifying from scratch. */
    public static final VerifyCheckpoint START = new VerifyCheckpoint(null, 0, 0, 0, 0, List.of(), 0);

    public VerifyCheckpoint {
        if (inventoryChunk < 0 || checked < 0 || missing < 0 || mismatched < 0 || read < 0 || read > checked) {
            throw new IllegalArgumentException("checkpoint counts must not be negative");
        }
        if (lastKey != null && lastKey.isEmpty()) {
            throw new IllegalArgumentException("lastKey must be null or a key");
        }
        if ((lastKey == null) != (checked == 0)) {
            throw new IllegalArgumentException("lastKey is null exactly when no object has been verified yet");
        }
        problems = problems == null ? List.of() : List.copyOf(problems.size() > MAX_PROBLEMS
                ? problems.subList(0, MAX_PROBLEMS) : problems);
    }

    /** This checkpoint without its problem list (for step outputs, which must stay small). */
    public VerifyCheckpoint withoutProblems() {
        return new VerifyCheckpoint(lastKey, inventoryChunk, checked, missing, mismatched, List.of(), read);
    }
}
