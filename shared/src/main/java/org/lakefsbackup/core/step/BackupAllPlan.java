package org.lakefsbackup.core.step;

import java.util.List;

/** The repositories a backup-all run covers and the input of each one's backup. */
public record BackupAllPlan(List<String> repositories, List<BackupRequest> backups) {
    public BackupAllPlan {
        repositories = List.copyOf(repositories);
        backups = List.copyOf(backups);
    }
}
