package org.lakefsbackup.cli;

import java.util.concurrent.Callable;
import org.lakefsbackup.core.step.RestoreRequest;
import org.lakefsbackup.core.step.RestoreVerification;
import org.lakefsbackup.core.workflow.RestoreWorkflow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code restore}: disaster recovery (same name), clone (--as) or migrate (another --endpoint-url). */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restore a generation into a new repository: copy its objects into the target namespace, "
                + "create a bare repository with the backed-up default branch, restore refs, re-apply settings, "
                + "verify.")
final class RestoreCommand implements Callable<Integer>, Interruption.Resumable {
    @ParentCommand
    LakeFsBackupCommand top;

    @Parameters(index = "0", paramLabel = "REPOSITORY", description = "the backed-up repository")
    String repository;

    @Option(names = "--from", required = true, paramLabel = "LOCATION", description = "backup location")
    String backup;

    @Option(names = "--generation", paramLabel = "ID", defaultValue = "latest",
            description = "generation to restore (default: latest)")
    String generation;

    @Option(names = "--as", paramLabel = "NAME", description = "target repository name (default: the same name)")
    String target;

    @Option(names = "--namespace", required = true, paramLabel = "URI",
            description = "target storage namespace, empty (e.g. s3://bucket/repo-restored)")
    String namespace;

    @Option(names = "--ignore-storage-id", description = "do not pass the backed-up storage id (other installation)")
    boolean ignoreStorageId;

    @Option(names = "--resume", description = "continue the unfinished restore of this generation into this target "
            + "(re-running the same restore does this too; with --resume it is an error when there is none)")
    boolean resume;

    @Option(names = "--break-lease", description = "take the target's lease even if another restore seems to hold "
            + "it (only when you know that run is gone)")
    boolean breakLease;

    @Option(names = "--dry-run", description = "check the backup and the target (name, namespace empty) and say "
            + "which repository would be created and what would be copied; create, copy and write nothing")
    boolean dryRun;

    @Mixin
    TuningOptions tuning;

    @Override
    public String resumeHint() {
        return "run the same command again (same --as and --namespace) to resume: it continues this restore into the "
                + "same namespace and copies only what is missing";
    }

    @Override
    public Integer call() {
        Console console = top.console;
        var request = new RestoreRequest(backup, repository, generation, target, namespace, ignoreStorageId, null,
                resume, breakLease);
        try (var lakefs = CliContext.lakefs(top); var storage = CliContext.storage(top)) {
            if (dryRun) {
                DryRuns.PlannedRestore plan = DryRuns.restore(CliContext.services(lakefs, storage, tuning.settings()),
                        request);
                console.result(plan, plan.human());
                return ExitCodes.OK;
            }
            long start = System.nanoTime();
            var o = LocalRun.run(CliContext.services(lakefs, storage, tuning.settings()),
                    console.progress(target != null ? target : repository), new RestoreWorkflow(), request);
            RestoreVerification v = o.result();
            var summary = new RestoreSummary(false, v.repository(), request.targetNamespace(), v.generation(),
                    o.plan() == null ? 0 : o.plan().totalObjects(), o.copied().copied(), o.copied().bytesCopied(),
                    v.branches(), v.tags(), v.commits(), (System.nanoTime() - start) / 1_000_000);
            console.result(summary, summary.human());
            return ExitCodes.OK;
        }
    }

    record RestoreSummary(boolean dryRun, String repository, String namespace, String generation, long objects, long copiedObjects,
                          long copiedBytes, int branches, int tags, long commits, long durationMs) {
        String human() {
            return String.format(java.util.Locale.ROOT, "restored generation %s as %s on %s: %d objects (%d copied, "
                            + "%s), %d branches, %d tags, %d commits verified in %.1f s", generation, repository,
                    namespace, objects, copiedObjects, ConsoleProgress.human(copiedBytes), branches, tags, commits,
                    durationMs / 1000.0);
        }
    }
}
