package org.lakefsbackup.core.prune;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where a prune plan stopped, so the next invocation continues it (and what it counted so far).
 *
 * @param lastKey        the last key of the backup's {@code objects/} listing merged, or {@code null} at the start
 * @param positions      per kept generation (in the plan's order), the inventory chunk to resume at
 * @param liveMutable    the {@code mutable/...} versions the kept generations reference, seen so far
 * @param chunks         candidate chunks written so far
 * @param listed         backed-up objects merged so far
 * @param live           of those, referenced by a kept generation
 * @param missing        objects a kept generation references that the backup does not hold (a verify problem;
 *                       reported, never a reason to delete anything)
 * @param candidates     objects no kept generation references, so far
 * @param candidateBytes their bytes
 * @param sample         the first few candidates, for people
 */
public record PruneCheckpoint(String lastKey, List<Integer> positions, Set<String> liveMutable, int chunks,
                              long listed, long live, long missing, long candidates, long candidateBytes,
                              List<String> sample) {
    /** How many candidates a plan names for people. */
    public static final int SAMPLE = 20;

    public PruneCheckpoint {
        positions = positions == null ? List.of() : List.copyOf(positions);
        liveMutable = liveMutable == null ? Set.of() : java.util.Collections.unmodifiableSet(new TreeSet<>(liveMutable));
        sample = sample == null ? List.of() : List.copyOf(sample);
        if (chunks < 0 || listed < 0 || live < 0 || missing < 0 || candidates < 0 || candidateBytes < 0) {
            throw new IllegalArgumentException("prune counts must not be negative");
        }
    }

    /** Nothing merged yet. */
    public static PruneCheckpoint start() {
        return new PruneCheckpoint(null, List.of(), Set.of(), 0, 0, 0, 0, 0, 0, List.of());
    }
}
