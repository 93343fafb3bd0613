package org.lakefsbackup.core.step;

import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.RepositoryName;
import org.lakefsbackup.core.store.Location;

/**
 * Names one backup or restore run: the backup location, the (source) repository and the run id. Every step input
 * carries one; what the run has learned so far lives in documents under {@code runs/<runId>/}, not in payloads.
 */
public record RunRef(String backup, String repository, String runId) {
    public RunRef {
        Location.parse(backup);
        RepositoryName.require(repository);
        if (runId == null || !runId.matches("^[0-9A-Za-z][0-9A-Za-z._-]{0,127}$")) {
            throw ErrorCode.INVALID_INPUT.exception("invalid run id '" + runId + "'");
        }
    }

    public BackupLayout layout() {
        return new BackupLayout(Location.parse(backup), repository);
    }
}
