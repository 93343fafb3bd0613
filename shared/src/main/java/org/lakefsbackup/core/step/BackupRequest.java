package org.lakefsbackup.core.step;

import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.model.RepositoryName;
import org.lakefsbackup.core.store.Location;

/**
 * Input of the first backup step.
 *
 * @param repository        the lakeFS repository to back up
 * @param backup            the backup location, e.g. {@code s3://backups/lakefs}
 * @param commitUncommitted commit staged changes on every branch before dumping (off by default: they are reported)
 * @param runId             the generation id to use, or {@code null} for a new one (workflows pass their execution's)
 */
public record BackupRequest(String repository, String backup, boolean commitUncommitted, String runId) {
    public BackupRequest {
        RepositoryName.require(repository);
        if (backup == null || backup.isBlank()) {
            throw ErrorCode.INVALID_INPUT.exception("a backup location is required");
        }
        Location.parse(backup);
    }
}
