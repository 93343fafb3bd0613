package org.lakefsbackup.core.step;

import java.util.List;
import java.util.stream.Stream;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.lakefs.LakeFsClient;
import org.lakefsbackup.core.lakefs.RepositoryInfo;
import org.lakefsbackup.core.model.RepositoryName;

/** Which repositories a multi-repository command covers: those named (each must exist), or every one listed. */
public final class RepositorySelection {
    private RepositorySelection() {
    }

    /**
     * @param named repository names, or empty for every repository the credentials can list (sorted)
     * @throws org.lakefsbackup.core.error.NotFoundException naming the first named repository that does not exist
     */
    public static List<String> select(LakeFsClient lakefs, List<String> named) {
        if (!named.isEmpty()) {
            for (String name : named) {
                RepositoryName.require(name);
                if (lakefs.getRepository(name).isEmpty()) {
                    throw ErrorCode.NOT_FOUND.exception("repository '" + name + "' does not exist on "
                            + lakefs.endpoint());
                }
            }
            return List.copyOf(named);
        }
        try (Stream<RepositoryInfo> repos = lakefs.listRepositories()) {
            return repos.map(RepositoryInfo::name).sorted().toList();
        }
    }

    /** The backup-all plan: the selected repositories and a backup request for each. */
    static BackupAllPlan plan(LakeFsClient lakefs, BackupAllRequest request) {
        List<String> names = select(lakefs, request.repositories());
        return new BackupAllPlan(names, names.stream()
                .map(n -> new BackupRequest(n, request.backup(), request.commitUncommitted())).toList());
    }
}
