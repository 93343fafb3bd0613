package org.lakefsbackup.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.step.BackupAllRequest;
import org.lakefsbackup.core.step.BackupRequest;
import org.lakefsbackup.core.step.GenerationResult;
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
final class BackupCommand implements Callable<Integer> {
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

    @Option(names = "--break-lease", description = "take the repository's lease even if another backup or restore "
            + "seems to hold it (only when you know that run is gone)")
    boolean breakLease;

    @Mixin
    TuningOptions tuning;

    @Override
    public Integer call() {
        Output output = new Output(top);
        try (var lakefs = CliContext.lakefs(top); var storage = CliContext.storage(top)) {
            var services = CliContext.services(lakefs, storage, tuning.settings());
            ConsoleProgress progress = output.progress();
            long start = System.nanoTime();
            StoreStats before = storage.stats();
            if (!which.all && which.repositories.size() == 1) {
                GenerationResult g = LocalRun.run(services, progress, new BackupWorkflow(),
                        new BackupRequest(which.repositories.get(0), backup, commit, null, null, breakLease)).result();
                g.warnings().forEach(output::warn);
                StoreStats requests = storage.stats().minus(before);
                BackupSummary summary = BackupSummary.of(g, requests, progress.retries() + requests.retries(),
                        (System.nanoTime() - start) / 1_000_000);
                output.result(List.of(summary), summary.human());
                return ExitCodes.OK;
            }
            BackupAllResult all = LocalRun.run(services, progress, new BackupAllWorkflow(), new BackupAllRequest(
                    which.all ? List.of() : which.repositories, backup, commit)).result();
            List<BackupSummary> done = new ArrayList<>();
            int exit = ExitCodes.OK;
            for (BackupAllResult.Entry e : all.repositories()) {
                if (e.failed()) {
                    top.err.println("error: backup of " + e.repository() + " failed: " + e.error());
                    exit = ExitCodes.firstFailure(exit, ErrorCode.forExceptionName(e.errorType())
                            .orElse(ErrorCode.INTERNAL));
                } else {
                    e.generation().warnings().forEach(w -> output.warn(e.repository() + ": " + w));
                    done.add(BackupSummary.of(e.generation(), StoreStats.empty(), 0, 0));
                }
            }
            output.result(done, String.join("\n", done.stream().map(BackupSummary::human).toList()));
            return exit;
        } catch (IllegalArgumentException e) {
            throw ErrorCode.INVALID_INPUT.exception(e.getMessage(), e);
        }
    }

    /** What one backup did, for {@code --json}. */
    record BackupSummary(String repository, String generation, String manifest, long objects, long bytes,
                         long copiedObjects, long copiedBytes, long skippedObjects, long retries, int branches,
                         int tags, long commits, long durationMs, Map<String, Long> storeRequests,
                         List<String> warnings) {
        static BackupSummary of(GenerationResult g, StoreStats requests, long retries, long durationMs) {
            return new BackupSummary(g.repository(), g.generation(), g.manifest(), g.objects(), g.bytes(),
                    g.copiedObjects(), g.copiedBytes(), g.objects() - g.copiedObjects(), retries, g.branches(),
                    g.tags(), g.commits(), durationMs, requests.requestsByType(), g.warnings());
        }

        String human() {
            return String.format(java.util.Locale.ROOT, "backed up %s as generation %s: %d objects (%s), copied %d "
                            + "(%s), %d already held, %d branches, %d tags, %d commits%s%s", repository,
                    generation, objects, ConsoleProgress.human(bytes), copiedObjects,
                    ConsoleProgress.human(copiedBytes), skippedObjects, branches, tags, commits,
                    durationMs > 0 ? String.format(java.util.Locale.ROOT, " in %.1f s", durationMs / 1000.0) : "",
                    retries > 0 ? " (" + retries + " retries)" : "");
        }
    }
}
