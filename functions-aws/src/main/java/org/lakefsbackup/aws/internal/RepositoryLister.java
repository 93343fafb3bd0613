package org.lakefsbackup.aws.internal;

import java.util.List;
import java.util.stream.Stream;
import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.aws.handler.BackupAllPlan;
import org.lakefsbackup.aws.handler.BackupAllRequest;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.lakefs.LakeFsClient;
import org.lakefsbackup.core.lakefs.RepositoryInfo;
import org.lakefsbackup.core.model.RepositoryName;
import org.lakefsbackup.core.step.BackupRequest;

/** The repositories a backup-all run covers: those named (each must exist), or every one the key can list. */
public final class RepositoryLister {
    private RepositoryLister() {
    }

    public static BackupAllPlan list(FunctionServices s, BackupAllRequest request) {
        LakeFsClient lakefs = s.steps().lakefs();
        List<String> names;
        if (!request.repositories().isEmpty()) {
            for (String name : request.repositories()) {
                RepositoryName.require(name);
                if (lakefs.getRepository(name).isEmpty()) {
                    throw ErrorCode.NOT_FOUND.exception("repository '" + name + "' does not exist on "
                            + lakefs.endpoint());
                }
            }
            names = request.repositories();
        } else {
            try (Stream<RepositoryInfo> repos = lakefs.listRepositories()) {
                names = repos.map(RepositoryInfo::name).sorted().toList();
            }
        }
        String backup = s.config().backupOrDefault(request.backup());
        boolean commit = Boolean.TRUE.equals(request.commitUncommitted());
        return new BackupAllPlan(names, names.stream().map(n -> new BackupRequest(n, backup, commit, null)).toList());
    }
}
