package org.lakefsbackup.core.step;

import org.lakefsbackup.core.model.RepositoryName;
import org.lakefsbackup.core.store.Location;

/**
 * Input of the {@code claim-events} step (see {@link org.lakefsbackup.core.trigger.EventMarks#claim}).
 *
 * @param backup     the backup location
 * @param repository the repository being backed up
 * @param runId      the run that takes the lease: the starting run, or the follow-up run
 * @param followUp   {@code false} at the start of a run (always take the lease), {@code true} after a run (take it
 *                   only when events are pending)
 * @param breakLease take the lease even from a live-looking holder (start of a run only, as the backup request says)
 * @param startedAt  when the run started (start of a run; {@code null} if unknown): with {@code runId} it names the
 *                   run's generation, which the lease records as the run working in the backup location (a
 *                   follow-up claim names its run's generation from its own time, which it returns)
 */
public record EventClaimRequest(String backup, String repository, String runId, boolean followUp,
                                boolean breakLease, java.time.Instant startedAt) {
    public EventClaimRequest {
        Location.parse(backup);
        RepositoryName.require(repository);
        RunRef.requireId("run id", runId);
        if (followUp && breakLease) {
            throw org.lakefsbackup.core.error.ErrorCode.INVALID_INPUT.exception(
                    "a follow-up claim never breaks a lease");
        }
    }

    /** The claim at the start of {@code request}'s run (its run id set). */
    public static EventClaimRequest start(BackupRequest request) {
        return new EventClaimRequest(request.backup(), request.repository(), request.runId(), false,
                request.breakLease(), request.startedAt());
    }

    /** The claim after {@code request}'s run, for the follow-up run {@code followUpRunId}. */
    public static EventClaimRequest followUp(BackupRequest request, String followUpRunId) {
        return new EventClaimRequest(request.backup(), request.repository(), followUpRunId, true, false, null);
    }

    public Location backupLocation() {
        return Location.parse(backup);
    }
}
