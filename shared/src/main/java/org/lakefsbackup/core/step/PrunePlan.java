package org.lakefsbackup.core.step;

import java.util.List;
import org.lakefsbackup.core.prune.PruneCheckpoint;

/**
 * What a prune will delete, once planned.
 *
 * @param kept      the generations kept (their inventories make the live set), oldest first
 * @param remove    the forgotten generations whose manifests and inventories prune removes, oldest first
 * @param totals    the plan's final counts: objects listed, referenced, missing, candidates and their bytes
 * @param chunks    candidate chunks in the run's scratch ({@code prune/part-NNNNN.jsonl.gz}); 0 in a dry run
 */
public record PrunePlan(List<String> kept, List<String> remove, PruneCheckpoint totals, int chunks) {
    public PrunePlan {
        kept = List.copyOf(kept);
        remove = List.copyOf(remove);
        java.util.Objects.requireNonNull(totals, "totals");
    }
}
