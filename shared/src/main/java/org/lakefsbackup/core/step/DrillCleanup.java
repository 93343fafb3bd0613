package org.lakefsbackup.core.step;

import java.util.List;

/**
 * Where removing a drill's temporary repositories and objects stands: the namespaces to clean, the one being cleaned
 * ({@code index}) and the last key handled there, and what was removed or left so far. Removing is resumable so that
 * no single step deletes more than a budget of objects.
 *
 * @param namespaces          the temporary namespaces to clean, in order
 * @param index               the namespace being cleaned; {@code namespaces.size()} when done
 * @param lastKey             the last key handled in that namespace; {@code null} before its first
 * @param done                every namespace is clean (as far as the drill may clean it)
 * @param repositoriesDeleted temporary repositories deleted
 * @param objectsDeleted      objects deleted: those the drill's restore copied (keys of the restored generation's
 *                            inventory) and the marker lakeFS writes into a new repository's namespace
 * @param objectsLeft         objects found in a temporary namespace that the drill did not copy, left in place
 * @param left                the first of those (at most {@value #MAX_LEFT})
 */
public record DrillCleanup(List<String> namespaces, int index, String lastKey, boolean done, int repositoriesDeleted,
                           long objectsDeleted, long objectsLeft, List<String> left) {
    /** At most this many keys that were left are named. */
    public static final int MAX_LEFT = 20;

    public DrillCleanup {
        namespaces = List.copyOf(namespaces);
        left = left == null ? List.of() : List.copyOf(left);
        if (index < 0 || index > namespaces.size()) {
            throw new IllegalArgumentException("namespace index " + index + " out of range");
        }
    }

    /** Nothing cleaned yet. */
    public static DrillCleanup start(List<String> namespaces) {
        return new DrillCleanup(namespaces, 0, null, namespaces.isEmpty(), 0, 0, 0, List.of());
    }
}
