package org.lakefsbackup.cli;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;

/**
 * Defaults every option {@code --some-name} from the environment variable {@code LAKEFS_BACKUP_SOME_NAME}, the
 * names the cloud functions use. The lakeFS options are resolved separately, with lakectl's precedence.
 */
final class EnvironmentDefaultProvider implements CommandLine.IDefaultValueProvider {
    private static final Set<String> RESOLVED_ELSEWHERE = Set.of("--endpoint-url", "--access-key-id",
            "--secret-access-key", "--help", "--version");
    private final Map<String, String> env;

    EnvironmentDefaultProvider(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public String defaultValue(CommandLine.Model.ArgSpec argSpec) {
        if (!(argSpec instanceof CommandLine.Model.OptionSpec option)) {
            return null;
        }
        String name = option.longestName();
        if (!name.startsWith("--") || RESOLVED_ELSEWHERE.contains(name)) {
            return null;
        }
        return env.get(variable(name));
    }

    /** The variable this provider reads for {@code option}, or null when it reads none. */
    String variableFor(CommandLine.Model.OptionSpec option) {
        String name = option.longestName();
        return name.startsWith("--") && !RESOLVED_ELSEWHERE.contains(name) ? variable(name) : null;
    }

    static String variable(String option) {
        return "LAKEFS_BACKUP_" + option.substring(2).toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
