package org.lakefsbackup.core.copy;

/**
 * Where an interrupted plan continues: planning is resumable so that no single invocation has to merge more than a
 * budget of objects (a Lambda invocation lasts at most 15 minutes).
 *
 * @param lastKey         the last source key planned: the namespace key for backups, the inventory key for restores;
 *                        {@code null} before the first object. Both listings resume after it ({@code startAfter}).
 * @param planChunks      the index of the next plan chunk to write
 * @param inventoryChunks backups: the index of the next inventory chunk to write; restores: the index of the
 *                        inventory chunk to read from (earlier chunks hold only keys up to {@code lastKey})
 * @param totalObjects    source objects planned so far
 * @param totalBytes      their bytes
 * @param copyObjects     objects put into the plan so far
 * @param copyBytes       their bytes
 */
public record PlanCheckpoint(String lastKey, int planChunks, int inventoryChunks, long totalObjects, long totalBytes,
                             long copyObjects, long copyBytes) {
    /** Planning from scratch. */
    public static final PlanCheckpoint START = new PlanCheckpoint(null, 0, 0, 0, 0, 0, 0);

    public PlanCheckpoint {
        if (planChunks < 0 || inventoryChunks < 0 || totalObjects < 0 || totalBytes < 0 || copyObjects < 0
                || copyBytes < 0) {
            throw new IllegalArgumentException("checkpoint counts must not be negative");
        }
        if (copyObjects > totalObjects || copyBytes > totalBytes) {
            throw new IllegalArgumentException("a checkpoint cannot copy more than it planned");
        }
        if (lastKey != null && lastKey.isEmpty()) {
            throw new IllegalArgumentException("lastKey must be null or a key");
        }
        if ((lastKey == null) != (totalObjects == 0)) {
            throw new IllegalArgumentException("lastKey is null exactly when no object has been planned yet");
        }
    }
}
