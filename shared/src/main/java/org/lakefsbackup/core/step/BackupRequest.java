package org.lakefsbackup.core.step;

import java.time.Instant;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.model.RepositoryName;
import org.lakefsbackup.core.store.Location;

/**
 * Input of the backup workflow and of its first step.
 *
 * @param repository        the lakeFS repository to back up
 * @param backup            the backup location, e.g. {@code s3://backups/lakefs}
 * @param commitUncommitted commit staged changes on every branch before dumping (off by default: they are reported)
 * @param runId             the run: a generation id, or any run id (an execution name) from which the generation
 *                          id is derived with {@code startedAt}, so a retried first step makes the same generation;
 *                          {@code null} until the workflow fills it in
 * @param startedAt         when the run started (the execution's start time); {@code null} until filled in
 * @param breakLease        take the repository's lease even from a live-looking holder (the operator knows it is gone)
 * @param forceNewGeneration write a new generation even when the repository is unchanged since the latest one
 *                          (otherwise such a run only records that the latest generation is still current)
 * @param leased            the run's {@code claim-events} step took the repository's lease for this run already, so
 *                          {@code prepare-backup} does not take it again: it only creates it if a failed attempt of
 *                          its own gave it up (one create-only PUT), and does not read it (the workflow sets it; the
 *                          lease is confirmed before every write that matters: the still-current mark, the manifest)
 */
public record BackupRequest(String repository, String backup, boolean commitUncommitted, String runId,
                            Instant startedAt, boolean breakLease, boolean forceNewGeneration, boolean leased) {
    public BackupRequest {
        RepositoryName.require(repository);
        if (backup == null || backup.isBlank()) {
            throw ErrorCode.INVALID_INPUT.exception("a backup location is required");
        }
        Location.parse(backup);
        if (runId != null) {
            RunRef.requireId("run id", runId);
        }
    }

    /** A request whose run takes the lease in {@code prepare-backup}. */
    public BackupRequest(String repository, String backup, boolean commitUncommitted, String runId,
                         Instant startedAt, boolean breakLease, boolean forceNewGeneration) {
        this(repository, backup, commitUncommitted, runId, startedAt, breakLease, forceNewGeneration, false);
    }

    /** A request that records a still-current mark when the repository is unchanged. */
    public BackupRequest(String repository, String backup, boolean commitUncommitted, String runId,
                         Instant startedAt, boolean breakLease) {
        this(repository, backup, commitUncommitted, runId, startedAt, breakLease, false);
    }

    /** A request the workflow will give a run id and start time. */
    public BackupRequest(String repository, String backup, boolean commitUncommitted) {
        this(repository, backup, commitUncommitted, null, null, false);
    }

    /**
     * The request of a follow-up run: same repository and options, its own run id and start time, its lease taken by
     * the follow-up claim.
     */
    public BackupRequest followUp(String id, Instant at) {
        return new BackupRequest(repository, backup, commitUncommitted, id, at, false, false, true);
    }

    /** This request with the run id and start time set where missing. */
    public BackupRequest started(String id, Instant at) {
        return new BackupRequest(repository, backup, commitUncommitted, runId != null ? runId : id,
                startedAt != null ? startedAt : at, breakLease, forceNewGeneration, leased);
    }

    /** This request once the run's claim took the lease for it. */
    public BackupRequest withLease() {
        return new BackupRequest(repository, backup, commitUncommitted, runId, startedAt, breakLease,
                forceNewGeneration, true);
    }
}
