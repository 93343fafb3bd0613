package org.lakefsbackup.aws.handler;

import java.util.List;

/**
 * Input of the list function (the backup-all state machine's input): the repositories to back up (empty or absent
 * for every repository), the backup location (absent for the function's default) and whether to commit first.
 */
public record BackupAllRequest(List<String> repositories, String backup, Boolean commitUncommitted) {
    public BackupAllRequest {
        repositories = repositories == null ? List.of() : List.copyOf(repositories);
    }
}
