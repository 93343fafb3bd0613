package org.lakefsbackup.core.step;

import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.model.RepositoryName;
import org.lakefsbackup.core.store.Location;

/**
 * Input of the first restore step. Disaster recovery restores under the same name, a clone under another name,
 * a migration into another lakeFS (the step's lakeFS client is the target's).
 *
 * @param backup            the backup location
 * @param repository        the backed-up repository's name
 * @param generation        a generation id or a unique prefix of one, or {@code null} / {@code "latest"} for the newest
 *                          committed one
 * @param targetRepository  the repository to create; {@code null} for the backed-up name
 * @param targetNamespace   the storage namespace of the new repository (must be empty, or hold an earlier attempt
 *                          of the same restore)
 * @param ignoreStorageId   do not pass the backed-up {@code storage_id} (restoring into another installation)
 * @param runId             the run id, or {@code null} for a new one
 */
public record RestoreRequest(String backup, String repository, String generation, String targetRepository,
                             String targetNamespace, boolean ignoreStorageId, String runId) {
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
    }
}
