package org.lakefsbackup.aws.handler;

import java.util.List;
import org.lakefsbackup.core.step.BackupRequest;

/** The repositories a backup-all run covers and the input of each one's backup execution. */
public record BackupAllPlan(List<String> repositories, List<BackupRequest> backups) {
    public BackupAllPlan {
        repositories = List.copyOf(repositories);
        backups = List.copyOf(backups);
    }
}
