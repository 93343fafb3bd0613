package org.lakefsbackup.core.step;

import java.util.List;
import java.util.Map;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.model.RepositoryName;
import org.lakefsbackup.core.retention.RetentionPolicy;
import org.lakefsbackup.core.store.Location;

/**
 * Input of the prune-all workflow: forget and/or prune several repositories' backups at one location, each with the
 * policy named for it or the default one.
 *
 * @param backup       the backup location
 * @param repositories the repositories; empty for every repository held at the location
 * @param policy       the policy of repositories {@code policies} does not name, or {@code null}
 * @param policies     policies by repository name
 * @param prune        delete what no kept generation references (and remove forgotten generations)
 * @param dryRun       decide and count only
 */
public record PruneAllRequest(String backup, List<String> repositories, RetentionPolicy policy,
                              Map<String, RetentionPolicy> policies, boolean prune, boolean dryRun) {
    public PruneAllRequest {
        if (backup == null || backup.isBlank()) {
            throw ErrorCode.INVALID_INPUT.exception("a backup location is required");
        }
        Location.parse(backup);
        repositories = repositories == null ? List.of() : List.copyOf(repositories);
        repositories.forEach(RepositoryName::require);
        policies = policies == null ? Map.of() : Map.copyOf(policies);
        policies.keySet().forEach(RepositoryName::require);
        if (policy == null && policies.isEmpty() && !prune) {
            throw ErrorCode.INVALID_INPUT.exception("nothing to do: give a retention policy to forget generations, "
                    + "or prune, or both");
        }
    }

    /** The policy of one repository: its own, else the default. */
    public RetentionPolicy policyOf(String repository) {
        return policies.getOrDefault(repository, policy);
    }
}
