package org.lakefsbackup.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code prune}: deletes the backed-up objects no kept generation references, and forgotten generations. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Delete the backed-up objects no kept generation references and the files of forgotten "
                + "generations, under the repository's lease (no backup or restore of it runs meanwhile). With a "
                + "retention policy, forget first. Generations an unfinished restore into another name is copying "
                + "are kept. Locked objects (Object Lock) are left and reported with their retain-until date. A prune "
                + "stopped at any point leaves every kept generation restorable; run it again to finish.")
final class PruneCommand implements Callable<Integer> {
    @ParentCommand
    LakeFsBackupCommand top;

    @Parameters(arity = "0..*", paramLabel = "REPOSITORY",
            description = "repositories whose backups to prune (default: every one at the location)")
    List<String> repositories = List.of();

    @Option(names = "--from", required = true, paramLabel = "LOCATION",
            description = "backup location (env LAKEFS_BACKUP_LOCATION)")
    String backup;

    @Mixin
    RetentionOptions retention;

    @Option(names = "--dry-run", description = "print what would be deleted and how many bytes that frees; write "
            + "and delete nothing")
    boolean dryRun;

    @Option(names = "--break-lease", description = "take the repository's lease even if a backup or restore seems "
            + "to hold it (only when you know that run is gone)")
    boolean breakLease;

    @Mixin
    TuningOptions tuning;

    @Override
    public Integer call() {
        return PruneRuns.run(top, backup, repositories, retention.policy(), true, dryRun, breakLease,
                tuning.settings());
    }
}
