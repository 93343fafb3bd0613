package org.lakefsbackup.core.trigger;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.model.RepositoryName;

/**
 * Which lakeFS events may start a backup in this environment.
 *
 * @param repositories the repositories this environment backs up (the configured selection); an event of another
 *                     repository starts nothing. {@code *} alone accepts every repository (an environment that backs
 *                     up every repository its lakeFS key can list)
 * @param branches     branch patterns ({@code *} matches any run of characters, as lakeFS's branch protection
 *                     patterns); empty means the repository's default branch only
 */
public record EventPolicy(Set<String> repositories, List<String> branches) {
    /** Environment variable: comma-separated repositories, or {@code *}. Required by the webhook hosts. */
    public static final String REPOSITORIES_ENV = "LAKEFS_BACKUP_EVENT_REPOSITORIES";
    /** Environment variable: comma-separated branch patterns; unset or empty for the default branch only. */
    public static final String BRANCHES_ENV = "LAKEFS_BACKUP_EVENT_BRANCHES";
    static final String ANY = "*";

    public EventPolicy {
        repositories = Set.copyOf(repositories);
        branches = List.copyOf(branches);
        if (repositories.isEmpty()) {
            throw ErrorCode.INVALID_INPUT.exception("name the repositories events may back up (" + REPOSITORIES_ENV
                    + ", or * for every repository)");
        }
        if (!repositories.equals(Set.of(ANY))) {
            repositories.forEach(RepositoryName::require);
        }
        for (String b : branches) {
            if (b.isBlank()) {
                throw ErrorCode.INVALID_INPUT.exception("an empty branch pattern");
            }
        }
    }

    /** From {@value #REPOSITORIES_ENV} and {@value #BRANCHES_ENV}. */
    public static EventPolicy fromEnvironment(Map<String, String> env) {
        return new EventPolicy(Set.copyOf(split(env.get(REPOSITORIES_ENV))), split(env.get(BRANCHES_ENV)));
    }

    static List<String> split(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    }

    /** Whether this environment backs up {@code repository}. */
    public boolean covers(String repository) {
        return repositories.contains(ANY) || repositories.contains(repository);
    }

    /**
     * Whether a commit to {@code branch} triggers.
     *
     * @param defaultBranch the repository's default branch, asked only when no pattern is configured
     */
    public boolean triggers(String branch, Supplier<String> defaultBranch) {
        if (branches.isEmpty()) {
            return branch.equals(defaultBranch.get());
        }
        return branches.stream().anyMatch(p -> glob(p).matcher(branch).matches());
    }

    private static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!re.isEmpty()) {
                re.append(".*");
            }
            re.append(Pattern.quote(part));
        }
        return Pattern.compile(re.toString());
    }
}
