package org.lakefsbackup.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.retention.RetentionPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code forget}: marks the generations a retention policy no longer keeps (and, with --prune, prunes). */
@Command(name = "forget", mixinStandardHelpOptions = true,
        description = "Apply a retention policy: mark every generation it no longer keeps as forgotten (a marker "
                + "beside its manifest; nothing is deleted). Forgotten generations are no longer listed or kept; "
                + "prune (or --prune) deletes what only they reference. The newest generation is always kept.")
final class ForgetCommand implements Callable<Integer> {
    @ParentCommand
    LakeFsBackupCommand top;

    @Parameters(arity = "0..*", paramLabel = "REPOSITORY",
            description = "repositories whose backups to apply the policy to (default: every one at the location)")
    List<String> repositories = List.of();

    @Option(names = "--from", required = true, paramLabel = "LOCATION",
            description = "backup location (env LAKEFS_BACKUP_LOCATION)")
    String backup;

    @Mixin
    RetentionOptions retention;

    @Option(names = "--prune", description = "then delete what no kept generation references, as prune does")
    boolean prune;

    @Option(names = "--dry-run", description = "print what would be forgotten (and, with --prune, deleted and how "
            + "many bytes that frees); write and delete nothing")
    boolean dryRun;

    @Option(names = "--break-lease", description = "take the repository's lease even if a backup or restore seems "
            + "to hold it (only when you know that run is gone)")
    boolean breakLease;

    @Mixin
    TuningOptions tuning;

    @Override
    public Integer call() {
        RetentionPolicy policy = retention.policy();
        if (policy == null) {
            throw ErrorCode.INVALID_INPUT.exception("forget needs a retention policy: --keep-last, --keep-daily, "
                    + "--keep-weekly, --keep-monthly, --keep-yearly or --keep-within (and optionally --min-age)");
        }
        return PruneRuns.run(top, backup, repositories, policy, prune, dryRun, breakLease, tuning.settings());
    }
}
