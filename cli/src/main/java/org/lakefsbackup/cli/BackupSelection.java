package org.lakefsbackup.cli;

import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.store.Location;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A repository's backup: {@code REPOSITORY --from LOCATION}. */
final class BackupSelection {
    @Parameters(index = "0", paramLabel = "REPOSITORY", description = "the backed-up repository")
    String repository;

    @Option(names = "--from", required = true, paramLabel = "LOCATION", description = "backup location")
    String backup;

    BackupLayout layout() {
        return new BackupLayout(Location.parse(backup), repository);
    }
}
