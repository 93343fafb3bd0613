package org.lakefsbackup.core.step;

import java.util.List;
import org.lakefsbackup.core.prune.LockedObject;
import org.lakefsbackup.core.retention.Retention;

/**
 * What a prune (or forget) run did to one repository's backup, or in a dry run would do.
 *
 * @param policy            the policy applied, as the CLI spells it, or {@code null}
 * @param kept              the generations kept, newest first, with the rules that keep them (empty without a policy)
 * @param forgotten         generations this run forgot
 * @param protectedGenerations generations kept for unfinished restores into other names
 * @param listed            backed-up objects examined
 * @param referenced        of those, referenced by a kept generation
 * @param missing           objects kept generations reference that the backup lacks (run verify)
 * @param candidates        objects no kept generation references
 * @param candidateBytes    their bytes: what prune frees (on a versioned bucket, once the old versions expire)
 * @param deleted           objects deleted
 * @param deletedBytes      their bytes
 * @param locked            objects left because the store locks them
 * @param lockedBytes       their bytes
 * @param lockedSample      the first locked objects with until when they are retained
 * @param removedGenerations forgotten generations whose files were removed
 * @param sample            the first candidates, for people
 */
public record PruneResult(String repository, String runId, boolean dryRun, String policy, List<Retention.Kept> kept,
                          List<String> forgotten, List<ProtectedGeneration> protectedGenerations, long listed,
                          long referenced, long missing, long candidates, long candidateBytes, long deleted,
                          long deletedBytes, long locked, long lockedBytes, List<LockedObject> lockedSample,
                          List<String> removedGenerations, List<String> sample) {
    public PruneResult {
        kept = List.copyOf(kept);
        forgotten = List.copyOf(forgotten);
        protectedGenerations = List.copyOf(protectedGenerations);
        lockedSample = List.copyOf(lockedSample);
        removedGenerations = List.copyOf(removedGenerations);
        sample = List.copyOf(sample);
    }
}
