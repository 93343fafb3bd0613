package org.lakefsbackup.core.step;

import java.util.List;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.model.RepositoryName;
import org.lakefsbackup.core.store.Location;

/**
 * Input of the check-backup-ages step (the recovery point objective check): a backup location, the repositories
 * that must have a recent backup there (besides every repository held there), and the window.
 *
 * @param backup          the backup location
 * @param repositories    repositories expected at the location even if it holds no backup of them yet (a repository
 *                        that was never backed up is over its window); may be empty
 * @param rpoWindowHours  how old the newest successful backup of a repository may be, in hours (more than 0)
 */
public record BackupAgeRequest(String backup, List<String> repositories, double rpoWindowHours) {
    public BackupAgeRequest {
        if (backup == null || backup.isBlank()) {
            throw ErrorCode.INVALID_INPUT.exception("a backup location is required");
        }
        Location.parse(backup);
        repositories = repositories == null ? List.of() : List.copyOf(repositories);
        repositories.forEach(RepositoryName::require);
        if (!(rpoWindowHours > 0) || Double.isInfinite(rpoWindowHours)) {
            throw ErrorCode.INVALID_INPUT.exception("the RPO window must be a positive number of hours, not "
                    + rpoWindowHours);
        }
    }
}
