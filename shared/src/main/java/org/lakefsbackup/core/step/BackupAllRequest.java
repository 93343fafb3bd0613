package org.lakefsbackup.core.step;

import java.util.List;
import org.lakefsbackup.core.model.RepositoryName;
import org.lakefsbackup.core.store.Location;

/**
 * Input of the backup-all workflow: the repositories to back up (empty for every repository the lakeFS key can
 * list), the backup location and whether to commit uncommitted changes first.
 */
public record BackupAllRequest(List<String> repositories, String backup, boolean commitUncommitted) {
    public BackupAllRequest {
        repositories = repositories == null ? List.of() : List.copyOf(repositories);
        repositories.forEach(RepositoryName::require);
        Location.parse(backup);
    }
}
