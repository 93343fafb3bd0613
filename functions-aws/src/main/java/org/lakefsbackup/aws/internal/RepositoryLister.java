package org.lakefsbackup.aws.internal;

import java.util.List;
import java.util.stream.Stream;
import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.aws.handler.RepositoryList;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.lakefs.LakeFsClient;
import org.lakefsbackup.core.lakefs.RepositoryInfo;
import org.lakefsbackup.core.model.RepositoryName;

/** The repositories a backup-all run covers: those named (each must exist), or every one the key can list. */
public final class RepositoryLister {
    private RepositoryLister() {
    }

    public static RepositoryList list(FunctionServices s, RepositoryList requested) {
        LakeFsClient lakefs = s.steps().lakefs();
        if (!requested.repositories().isEmpty()) {
            for (String name : requested.repositories()) {
                RepositoryName.require(name);
                if (lakefs.getRepository(name).isEmpty()) {
                    throw ErrorCode.NOT_FOUND.exception("repository '" + name + "' does not exist on "
                            + lakefs.endpoint());
                }
            }
            return requested;
        }
        try (Stream<RepositoryInfo> repos = lakefs.listRepositories()) {
            List<String> names = repos.map(RepositoryInfo::name).sorted().toList();
            return new RepositoryList(names);
        }
    }
}
