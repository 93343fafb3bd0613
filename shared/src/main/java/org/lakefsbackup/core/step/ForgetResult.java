package org.lakefsbackup.core.step;

import java.util.List;
import org.lakefsbackup.core.retention.Retention;

/**
 * What applying a retention policy did.
 *
 * @param kept             the generations the policy keeps, newest first, with the rules that keep them
 * @param forgotten        the generations this run forgot (in a dry run: would forget), newest first
 * @param alreadyForgotten generations an earlier run forgot that are not removed yet
 * @param snapshots        the backups the policy was applied to (generations and their still-current marks)
 */
public record ForgetResult(List<Retention.Kept> kept, List<String> forgotten, int alreadyForgotten, int snapshots) {
    public ForgetResult {
        kept = List.copyOf(kept);
        forgotten = List.copyOf(forgotten);
    }
}
