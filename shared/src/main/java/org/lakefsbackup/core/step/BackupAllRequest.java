package org.lakefsbackup.core.step;

import java.util.List;
import org.lakefsbackup.core.model.RepositoryName;
import org.lakefsbackup.core.store.Location;

/**
 * Input of the backup-all workflow: the repositories to back up (empty for every repository the lakeFS key can
 * list), the backup location, whether to commit uncommitted changes first and whether to write a new generation
 * even of a repository unchanged since its latest one.
 */
public record BackupAllRequest(List<String> repositories, String backup, boolean commitUncommitted,
                               boolean forceNewGeneration) {
    public BackupAllRequest {
        repositories = repositories == null ? List.of() : List.copyOf(repositories);
        repositories.forEach(RepositoryName::require);
        Location.parse(backup);
    }

    /** A request that marks unchanged repositories' latest generations still current. */
    public BackupAllRequest(List<String> repositories, String backup, boolean commitUncommitted) {
        this(repositories, backup, commitUncommitted, false);
    }
}
