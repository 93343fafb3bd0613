package org.lakefsbackup.core.step;

import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.model.RepositoryName;
import org.lakefsbackup.core.retention.RetentionPolicy;
import org.lakefsbackup.core.store.Location;

/**
 * Input of the prune workflow (and of its first step) for one repository's backup: forget the generations a policy
 * no longer keeps, delete what no kept generation references, or both.
 *
 * @param backup     the backup location
 * @param repository the backed-up repository
 * @param policy     the retention policy to apply (forget), or {@code null} to only prune what was forgotten before
 * @param prune      delete the objects no kept generation references and remove forgotten generations
 * @param dryRun     decide and count only: no lease taken, nothing written or deleted
 * @param breakLease take the repository's lease even from a live-looking holder (the operator knows it is gone)
 * @param runId      the run (an execution name); {@code null} until the workflow fills it in
 */
public record PruneRequest(String backup, String repository, RetentionPolicy policy, boolean prune, boolean dryRun,
                           boolean breakLease, String runId) {
    public PruneRequest {
        if (backup == null || backup.isBlank()) {
            throw ErrorCode.INVALID_INPUT.exception("a backup location is required");
        }
        Location.parse(backup);
        RepositoryName.require(repository);
        if (policy == null && !prune) {
            throw ErrorCode.INVALID_INPUT.exception("nothing to do: give a retention policy to forget generations, "
                    + "or prune, or both");
        }
        if (runId != null) {
            RunRef.requireId("run id", runId);
        }
    }

    /** This request with the run id set where missing. */
    public PruneRequest started(String id) {
        return runId != null ? this : new PruneRequest(backup, repository, policy, prune, dryRun, breakLease, id);
    }

    /** What the run's lease says it does. */
    String kind() {
        return prune ? "prune" : "forget";
    }
}
