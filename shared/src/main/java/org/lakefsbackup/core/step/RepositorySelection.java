package org.lakefsbackup.core.step;

import java.util.List;
import java.util.stream.Stream;
import org.lakefsbackup.core.lakefs.LakeFsClient;
import org.lakefsbackup.core.lakefs.RepositoryInfo;
import org.lakefsbackup.core.model.RepositoryName;

/**
 * Which repositories a multi-repository command covers: those named, or every one the credentials can list. A named
 * repository that does not exist is not refused here: its own backup fails (NOT_FOUND) while the others go on.
 */
public final class RepositorySelection {
    private RepositorySelection() {
    }

    /**
     * @param named repository names (validated), or empty for every repository the credentials can list (sorted)
     */
    public static List<String> select(LakeFsClient lakefs, List<String> named) {
        if (!named.isEmpty()) {
            named.forEach(RepositoryName::require);
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
                .map(n -> new BackupRequest(n, request.backup(), request.commitUncommitted(), null, null, false,
                        request.forceNewGeneration())).toList());
    }
}
