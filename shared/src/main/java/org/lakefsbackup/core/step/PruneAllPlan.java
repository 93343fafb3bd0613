package org.lakefsbackup.core.step;

import java.util.List;

/**
 * The repositories a prune-all run covers, the input of each one's prune, and those it leaves out with the reason
 * (no committed generation, or no policy and nothing to prune).
 */
public record PruneAllPlan(List<String> repositories, List<PruneRequest> prunes, List<String> skipped) {
    public PruneAllPlan {
        repositories = List.copyOf(repositories);
        prunes = List.copyOf(prunes);
        skipped = List.copyOf(skipped);
    }
}
