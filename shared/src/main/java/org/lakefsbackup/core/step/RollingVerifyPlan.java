package org.lakefsbackup.core.step;

import java.util.List;

/**
 * What a rolling verification run reads: one target per repository, and the repositories it leaves out with the
 * reason (no committed generation).
 */
public record RollingVerifyPlan(List<RollingVerifyTarget> targets, List<String> skipped) {
    public RollingVerifyPlan {
        targets = List.copyOf(targets);
        skipped = List.copyOf(skipped);
    }
}
