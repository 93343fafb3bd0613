package org.lakefsbackup.core.step;

import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.model.RepositoryName;
import org.lakefsbackup.core.store.Location;

/**
 * Input of the restore workflow and of its first step. Disaster recovery restores under the same name, a clone
 * under another name, a migration into another lakeFS (the step's lakeFS client is the target's).
 *
 * @param backup            the backup location
 * @param repository        the backed-up repository's name
 * @param generation        a generation id, a unique prefix of one, or {@code null} / {@code "latest"} for the newest
 *                          committed one
 * @param targetRepository  the repository to create; {@code null} for the backed-up name
 * @param targetNamespace   the storage namespace of the new repository (must be empty, unless this same restore is
 *                          being resumed)
 * @param ignoreStorageId   do not pass the backed-up {@code storage_id} (restoring into another installation)
 * @param runId             this attempt's id (an execution name, a process's id), which also names a new run; an
 *                          unfinished restore of the same generation into the same target is resumed under its own
 *                          run id instead. {@code null} until the workflow fills it in
 * @param resume            require an unfinished restore to resume (NOT_FOUND when there is none)
 * @param breakLease        take the target's lease even from a live-looking holder (the operator knows it is gone)
 */
public record RestoreRequest(String backup, String repository, String generation, String targetRepository,
                             String targetNamespace, boolean ignoreStorageId, String runId, boolean resume,
                             boolean breakLease) {
    public RestoreRequest {
        if (backup == null || backup.isBlank()) {
            throw ErrorCode.INVALID_INPUT.exception("a backup location is required");
        }
        Location.parse(backup);
        RepositoryName.require(repository);
        if (generation == null || generation.isBlank()) {
            generation = "latest";
        }
        if (!generation.equals("latest") && !GenerationId.isPrefix(generation)) {
            new GenerationId(generation);
        }
        targetRepository = RepositoryName.require(targetRepository == null ? repository : targetRepository);
        if (targetNamespace == null || targetNamespace.isBlank()) {
            throw ErrorCode.INVALID_INPUT.exception("a target storage namespace is required");
        }
        Location.parse(targetNamespace);
        if (runId != null) {
            RunRef.requireId("run id", runId);
        }
    }

    /** A request the workflow will give a run id. */
    public RestoreRequest(String backup, String repository, String generation, String targetRepository,
                          String targetNamespace, boolean ignoreStorageId) {
        this(backup, repository, generation, targetRepository, targetNamespace, ignoreStorageId, null, false, false);
    }

    /** This request with the attempt's run id set where missing. */
    public RestoreRequest started(String id) {
        return runId != null ? this : new RestoreRequest(backup, repository, generation, targetRepository,
                targetNamespace, ignoreStorageId, id, resume, breakLease);
    }
}
