package org.lakefsbackup.core.step;

import org.lakefsbackup.core.model.RepositoryName;
import org.lakefsbackup.core.store.Location;

/**
 * Input of the list-generations step: a backup location and one repository held there, or none for every
 * repository at the location.
 */
public record ListGenerationsRequest(String backup, String repository) {
    public ListGenerationsRequest {
        Location.parse(backup);
        if (repository != null) {
            RepositoryName.require(repository);
        }
    }
}
