package org.lakefsbackup.cli;

import java.util.Map;
import org.lakefsbackup.core.config.Env;
import picocli.CommandLine;

/**
 * Defaults the connection and tuning options from the environment names every host uses ({@link Env}); nothing
 * else. Options that change what a command does ({@code --all}, {@code --commit}, {@code --rm}, {@code --as}...)
 * are never read from the environment: a variable left over in a shell must not turn {@code backup foo} into a backup
 * of every repository. The lakeFS options are resolved separately, with lakectl's precedence.
 */
final class EnvironmentDefaultProvider implements CommandLine.IDefaultValueProvider {
    /** Option (its longest name) to the variable that defaults it. */
    static final Map<String, String> OPTIONS = Map.ofEntries(
            Map.entry("--to", Env.BACKUP_LOCATION),
            Map.entry("--from", Env.BACKUP_LOCATION),
            Map.entry("--s3-endpoint", Env.S3_ENDPOINT),
            Map.entry("--s3-region", Env.S3_REGION),
            Map.entry("--s3-path-style", Env.S3_PATH_STYLE),
            Map.entry("--azure-endpoint", Env.AZURE_ENDPOINT),
            Map.entry("--azure-copy-from-urls", Env.AZURE_COPY_FROM_URLS),
            Map.entry("--ca-bundle", Env.CA_BUNDLE),
            Map.entry("--local-root", Env.LOCAL_ROOT),
            Map.entry("--chunk-size", Env.CHUNK_SIZE),
            Map.entry("--concurrency", Env.CONCURRENCY),
            Map.entry("--chunk-concurrency", Env.CHUNK_CONCURRENCY),
            Map.entry("--task-timeout", Env.TASK_TIMEOUT),
            Map.entry("--lease-ttl", Env.LEASE_TTL),
            Map.entry("--retries", Env.RETRIES),
            Map.entry("--namespace-prefix", Env.DRILL_NAMESPACE));

    private final Map<String, String> env;

    EnvironmentDefaultProvider(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public String defaultValue(CommandLine.Model.ArgSpec argSpec) {
        if (!(argSpec instanceof CommandLine.Model.OptionSpec option)) {
            return null;
        }
        String variable = OPTIONS.get(option.longestName());
        if (variable == null) {
            return null;
        }
        String value = env.get(variable);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The variable this provider reads for {@code option}, or null when it reads none. */
    String variableFor(CommandLine.Model.OptionSpec option) {
        return OPTIONS.get(option.longestName());
    }
}
