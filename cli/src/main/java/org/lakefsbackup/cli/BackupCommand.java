package org.lakefsbackup.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.step.BackupAllRequest;
import org.lakefsbackup.core.step.BackupRequest;
import org.lakefsbackup.core.step.GenerationResult;
import org.lakefsbackup.core.step.RepositorySelection;
import org.lakefsbackup.core.store.StoreStats;
import org.lakefsbackup.core.workflow.BackupAllResult;
import org.lakefsbackup.core.workflow.BackupAllWorkflow;
import org.lakefsbackup.core.workflow.BackupWorkflow;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code backup}: one generation per repository, by the core's backup (or backup-all) workflow. */
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
            description = "backup location: s3://bucket[/prefix] or file:///path (env LAKEFS_BACKUP_LOCATION)")
    String backup;

    @Option(names = "--commit", description = "commit uncommitted changes on every branch first (otherwise they "
            + "are reported and not backed up)")
    boolean commit;

    @Option(names = "--dry-run", description = "check each repository and count the objects and bytes that would be "
            + "copied, with the warnings a backup would give; commit, dump, copy and write nothing")
    boolean dryRun;

    @Option(names = "--force-new-generation", description = "write a new generation even when the repository is "
            + "unchanged since the latest one (by default such a run only marks the latest generation still current)")
    boolean forceNewGeneration;

    @Option(names = "--break-lease", description = "take a repository's lease even if another backup or restore "
            + "seems to hold it (only when you know that run is gone)")
    boolean breakLease;

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
            var services = CliContext.services(lakefs, storage, tuning.settings());
            if (dryRun) {
                return dryRun(console, services, which.all ? RepositorySelection.select(lakefs, List.of())
                        : which.repositories);
            }
            List<BackupSummary> done = new ArrayList<>();
            List<ItemFailure> failed = new ArrayList<>();
            RepositoryProgress progress = new RepositoryProgress(console);
            long start = System.nanoTime();
            StoreStats before = storage.stats();
            if (!which.all && which.repositories.size() == 1) {
                String repo = which.repositories.get(0);
                progress.switchTo(repo);
                var run = LocalRun.run(services, progress, new BackupWorkflow(),
                        new BackupRequest(repo, backup, commit, null, null, breakLease, forceNewGeneration));
                StoreStats requests = storage.stats().minus(before);
                BackupSummary summary = BackupSummary.of(run.result(), run.dumps().getOrDefault(repo, 0), requests,
                        progress.retries() + requests.retries(), (System.nanoTime() - start) / 1_000_000);
                done.add(summary);
                console.say(summary.human());
                console.result(new Result(false, done, List.of(), failed), null);
                return ExitCodes.OK;
            }
            var run = LocalRun.run(services, progress, new BackupAllWorkflow(), new BackupAllRequest(
                    which.all ? List.of() : which.repositories, backup, commit, forceNewGeneration));
            BackupAllResult all = run.result();
            int exit = ExitCodes.OK;
            for (BackupAllResult.Entry e : all.repositories()) {
                if (e.failed()) {
                    LakeFsBackupException error = ErrorCode.forExceptionName(e.errorType())
                            .orElse(ErrorCode.INTERNAL).exception(e.error());
                    failed.add(ItemFailure.of(e.repository(), error));
                    exit = console.failed("backup of " + e.repository(), error);
                } else {
                    BackupSummary summary = BackupSummary.of(e.generation(), run.dumps().getOrDefault(e.repository(),
                            0), StoreStats.empty(), 0, 0);
                    done.add(summary);
                    console.say(summary.human());
                }
            }
            console.result(new Result(false, done, List.of(), failed), null);
            return exit;
        }
    }

    private int dryRun(Console console, org.lakefsbackup.core.step.StepServices services, List<String> repos) {
        List<DryRuns.PlannedBackup> planned = new ArrayList<>();
        List<ItemFailure> failed = new ArrayList<>();
        int exit = ExitCodes.OK;
        for (String repo : repos) {
            try {
                DryRuns.PlannedBackup plan = DryRuns.backup(services, new BackupRequest(repo, backup, commit,
                        null, null, false, forceNewGeneration));
                planned.add(plan);
                console.say(plan.human());
            } catch (LakeFsBackupException e) {
                failed.add(ItemFailure.of(repo, e));
                exit = console.failed(repos.size() == 1 ? null : "backup of " + repo, e);
            }
        }
        console.result(new Result(true, List.of(), planned, failed), null);
        return exit;
    }

    /**
     * The {@code --json} result: the generations written (or, with {@code --dry-run}, what would be backed up), and
     * the repositories that failed.
     */
    record Result(boolean dryRun, List<BackupSummary> backups, List<DryRuns.PlannedBackup> planned,
                  List<ItemFailure> failed) {
    }

    /** What one backup did, for {@code --json}. */
    record BackupSummary(String repository, String generation, String manifest, long objects, long bytes,
                         long copiedObjects, long copiedBytes, long skippedObjects, long retries, int branches,
                         int tags, long commits, int dumpAttempts, long durationMs, Map<String, Long> storeRequests,
                         List<String> warnings, String report, boolean unchanged, String mark) {
        static BackupSummary of(GenerationResult g, int dumpAttempts, StoreStats requests, long retries,
                                long durationMs) {
            return new BackupSummary(g.repository(), g.generation(), g.manifest(), g.objects(), g.bytes(),
                    g.copiedObjects(), g.copiedBytes(), g.objects() - g.copiedObjects(), retries, g.branches(),
                    g.tags(), g.commits(), dumpAttempts, durationMs, requests.requestsByType(), g.warnings(),
                    g.report(), g.unchanged(), g.mark());
        }

        String human() {
            if (unchanged) {
                return String.format(java.util.Locale.ROOT, "%s is unchanged since generation %s (%d objects, %s, "
                                + "%d branches, %d tags): marked it still current, no new generation%s", repository,
                        generation, objects, ConsoleProgress.human(bytes), branches, tags,
                        durationMs > 0 ? String.format(java.util.Locale.ROOT, " in %.1f s", durationMs / 1000.0) : "")
                        + (report == null ? "" : "; report: " + report);
            }
            return String.format(java.util.Locale.ROOT, "backed up %s as generation %s: %d objects (%s), copied %d "
                            + "(%s), %d already held, %d branches, %d tags, %d commits%s%s", repository,
                    generation, objects, ConsoleProgress.human(bytes), copiedObjects,
                    ConsoleProgress.human(copiedBytes), skippedObjects, branches, tags, commits,
                    durationMs > 0 ? String.format(java.util.Locale.ROOT, " in %.1f s", durationMs / 1000.0) : "",
                    retries > 0 ? " (" + retries + " retries)" : "") + (report == null ? "" : "; report: " + report);
        }
    }
}
