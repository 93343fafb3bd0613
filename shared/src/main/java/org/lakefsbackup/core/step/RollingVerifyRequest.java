package org.lakefsbackup.core.step;

import java.util.List;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.model.RepositoryName;
import org.lakefsbackup.core.store.Location;

/**
 * Input of the rolling verification workflow: re-read the next subset (of {@code subsets}) of the kept generations
 * of each repository held at a backup location, as restic's {@code check --read-data-subset n/t} run with the next
 * {@code n} each time.
 *
 * @param backup       the backup location
 * @param repositories the repositories; empty for every repository held at the location that has a committed
 *                     generation
 * @param subsets      {@code t}: how many runs read every object once (1 reads everything every run)
 * @param runId        the run (an execution name); {@code null} until the workflow fills it in. Coverage a run
 *                     recorded is recorded once, however often its step runs.
 */
public record RollingVerifyRequest(String backup, List<String> repositories, int subsets, String runId) {
    /** At most this many subsets: a pass of more runs than this would take years at one run a day. */
    public static final int MAX_SUBSETS = 10_000;

    public RollingVerifyRequest {
        if (backup == null || backup.isBlank()) {
            throw ErrorCode.INVALID_INPUT.exception("a backup location is required");
        }
        Location.parse(backup);
        repositories = repositories == null ? List.of() : List.copyOf(repositories);
        repositories.forEach(RepositoryName::require);
        if (subsets < 1 || subsets > MAX_SUBSETS) {
            throw ErrorCode.INVALID_INPUT.exception("subsets (t: runs per full pass) must be 1 to " + MAX_SUBSETS
                    + ", was " + subsets);
        }
        if (runId != null) {
            RunRef.requireId("run id", runId);
        }
    }

    /** This request with the run id set where missing. */
    public RollingVerifyRequest started(String id) {
        return runId != null ? this : new RollingVerifyRequest(backup, repositories, subsets, id);
    }
}
