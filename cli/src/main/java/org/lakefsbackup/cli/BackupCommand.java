package org.lakefsbackup.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.lakefs.LakeFsClient;
import org.lakefsbackup.core.lakefs.RepositoryInfo;
import org.lakefsbackup.core.run.BackupRunner;
import org.lakefsbackup.core.run.RunPolicy;
import org.lakefsbackup.core.step.BackupRequest;
import org.lakefsbackup.core.store.StoreStats;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code backup}: one generation per repository. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Back up repositories: dump refs, copy new namespace objects server-side, verify, and commit "
                + "a generation.")
final class BackupCommand implements Callable<Integer>, Interruption.Resumable {
    @ParentCommand
    LakeFsBackupCommand top;

    static final class Which {
        @Parameters(arity = "1..*", paramLabel = "REPOSITORY", description = "repositories to back up")
        List<String> repositories;

        @Option(names = "--all", required = true, description = "every repository the credentials can list")
        boolean all;
    }

    @ArgGroup(multiplicity = "1")
    Which which;

    @Option(names = "--to", required = true, paramLabel = "LOCATION",
            description = "backup location: s3://bucket[/prefix] or file:///path (env LAKEFS_BACKUP_TO)")
    String backup;

    @Option(names = "--commit", description = "commit uncommitted changes on every branch first (otherwise they "
            + "are reported and not backed up)")
    boolean commit;

    @Option(names = "--dry-run", description = "check each repository and count the objects and bytes that would be "
            + "copied, with the warnings a backup would give; commit, dump, copy and write nothing")
    boolean dryRun;

    @Mixin
    TuningOptions tuning;

    @Override
    public String resumeHint() {
        return "run the same command again to resume: the objects already copied are kept and not copied again "
                + "(a generation exists only once its backup completes)";
    }

    @Override
    public Integer call() {
        Console console = top.console;
        try (var lakefs = CliContext.lakefs(top); var storage = CliContext.storage(top)) {
            List<String> repos = which.all ? allRepositories(lakefs) : which.repositories;
            var services = CliContext.services(lakefs, storage, tuning.settings());
            List<BackupSummary> done = new ArrayList<>();
            List<DryRuns.PlannedBackup> planned = new ArrayList<>();
            List<ItemFailure> failed = new ArrayList<>();
            int exit = ExitCodes.OK;
            for (String repo : repos) {
                ConsoleProgress progress = console.progress(repo);
                if (!commit) {
                    progress.skipping("commit-uncommitted");
                }
                long start = System.nanoTime();
                var before = storage.stats();
                try {
                    if (dryRun) {
                        DryRuns.PlannedBackup plan = DryRuns.backup(services, new BackupRequest(repo, backup, commit,
                                null));
                        planned.add(plan);
                        console.say(plan.human());
                        continue;
                    }
                    var outcome = new BackupRunner(services, RunPolicy.defaults(), progress)
                            .run(new BackupRequest(repo, backup, commit, null));
                    var requests = storage.stats().minus(before);
                    BackupSummary summary = BackupSummary.of(outcome, requests, progress.retries()
                            + requests.retries(), (System.nanoTime() - start) / 1_000_000);
                    done.add(summary);
                    console.say(summary.human());
                } catch (LakeFsBackupException e) {
                    failed.add(ItemFailure.of(repo, e));
                    exit = console.failed(repos.size() == 1 ? null : "backup of " + repo, e);
                }
            }
            console.result(new Result(dryRun, done, planned, failed), null);
            return exit;
        }
    }

    /**
     * The {@code --json} result: the generations written (or, with {@code --dry-run}, what would be backed up), and
     * the repositories that failed.
     */
    record Result(boolean dryRun, List<BackupSummary> backups, List<DryRuns.PlannedBackup> planned,
                  List<ItemFailure> failed) {
    }

    private static List<String> allRepositories(LakeFsClient lakefs) {
        try (var repos = lakefs.listRepositories()) {
            return repos.map(RepositoryInfo::name).toList();
        }
    }

    /** What one backup did, for {@code --json}. */
    record BackupSummary(String repository, String generation, String manifest, long objects, long bytes,
                         long copiedObjects, long copiedBytes, long skippedObjects, long retries, int branches,
                         int tags, long commits, int dumpAttempts, long durationMs, Map<String, Long> storeRequests,
                         List<String> warnings) {
        static BackupSummary of(BackupRunner.Outcome o, StoreStats requests, long retries, long durationMs) {
            var g = o.generation();
            return new BackupSummary(g.repository(), g.generation(), g.manifest(), g.objects(), g.bytes(),
                    o.copy().copied(), o.copy().bytesCopied(), o.plan().skippedObjects(),
                    retries, g.branches(), g.tags(), g.commits(), o.dumpAttempts(), durationMs,
                    requests.requestsByType(), g.warnings());
        }

        String human() {
            return String.format(java.util.Locale.ROOT, "backed up %s as generation %s: %d objects (%s), copied %d "
                            + "(%s), %d already held, %d branches, %d tags, %d commits in %.1f s%s", repository,
                    generation, objects, ConsoleProgress.human(bytes), copiedObjects,
                    ConsoleProgress.human(copiedBytes), skippedObjects, branches, tags, commits, durationMs / 1000.0,
                    retries > 0 ? " (" + retries + " retries)" : "");
        }
    }
}
