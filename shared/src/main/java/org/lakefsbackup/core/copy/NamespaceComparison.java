package org.lakefsbackup.core.copy;

/**
 * How far a comparison of a namespace listing with a generation's inventory got ({@link
 * CopyPlanner#compareWithInventory}): resumable like planning, so that no invocation lists more than a budget of
 * objects.
 *
 * @param done       the comparison reached a verdict
 * @param equal      (when done) every object of the namespace is in the inventory with the same size, ETag and
 *                   stored version, and the inventory holds nothing more
 * @param checkpoint where a paused comparison continues
 * @param difference (when done and not equal) the first difference found, for the log
 */
public record NamespaceComparison(boolean done, boolean equal, Checkpoint checkpoint, String difference) {
    public NamespaceComparison {
        java.util.Objects.requireNonNull(checkpoint, "checkpoint");
        if (equal && !done) {
            throw new IllegalArgumentException("a comparison is equal only when done");
        }
    }

    /**
     * Where a paused comparison continues.
     *
     * @param lastKey        the last namespace key compared (equal so far); {@code null} before the first
     * @param inventoryChunk the inventory chunk that holds the entry after {@code lastKey}, if any
     * @param compared       objects compared so far
     */
    public record Checkpoint(String lastKey, int inventoryChunk, long compared) {
        /** Comparing from the start. */
        public static final Checkpoint START = new Checkpoint(null, 0, 0);

        public Checkpoint {
            if (inventoryChunk < 0 || compared < 0 || (lastKey == null) != (compared == 0)) {
                throw new IllegalArgumentException("invalid comparison checkpoint");
            }
        }
    }
}
