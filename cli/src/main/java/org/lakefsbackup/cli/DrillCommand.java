package org.lakefsbackup.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.lakefsbackup.core.step.DrillRecord;
import org.lakefsbackup.core.step.DrillRequest;
import org.lakefsbackup.core.workflow.DrillWorkflow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code drill}: restores a generation into a temporary repository, verifies it, removes it, records the result. */
@Command(name = "drill", mixinStandardHelpOptions = true,
        description = {"Test a backup by restoring it: restore a generation into a temporary repository and a fresh "
                + "namespace, verify commit ids, branch heads, tags and a sample of objects by checksum, remove the "
                + "temporary repository and the objects the drill copied (nothing else), and record the result beside "
                + "the generation (generations/<id>/drills/, JSON and Markdown; 'list' shows it).",
                "A failed drill is recorded too, and exits with its part's code (3 when something differed)."})
final class DrillCommand implements Callable<Integer> {
    @ParentCommand
    LakeFsBackupCommand top;

    @Parameters(index = "0", paramLabel = "REPOSITORY", description = "the backed-up repository")
    String repository;

    @Option(names = "--from", required = true, paramLabel = "LOCATION", description = "backup location")
    String backup;

    @Option(names = "--generation", paramLabel = "ID", defaultValue = "latest",
            description = "latest (default), rotate (the generation drilled least recently, never-drilled first) or "
                    + "a generation id")
    String generation;

    @Option(names = "--namespace-prefix", required = true, paramLabel = "URI",
            description = "where temporary namespaces go: the drill restores into URI/<name>/<run> and deletes there "
                    + "only what it copied (env LAKEFS_BACKUP_DRILL_NAMESPACE)")
    String namespacePrefix;

    @Option(names = "--name", paramLabel = "NAME",
            description = "the drill's name, also its temporary repository's (default: drill-<repository>)")
    String name;

    @Option(names = "--sample", paramLabel = "N", converter = Converters.Positive.class,
            description = "restored objects to read back and compare by checksum (default: "
                    + DrillRequest.DEFAULT_SAMPLE + ")")
    Integer sample;

    @Mixin
    TuningOptions tuning;

    @Override
    public Integer call() {
        var request = new DrillRequest(backup, repository, generation, name, namespacePrefix,
                sample == null ? 0 : sample, null, null);
        try (var lakefs = CliContext.lakefs(top); var storage = CliContext.storage(top)) {
            var run = LocalRun.run(CliContext.services(lakefs, storage, tuning.settings()),
                    top.console.progress(request.name()), new DrillWorkflow(), request);
            DrillRecord r = run.result();
            top.console.result(r, human(r));
            return ExitCodes.OK;
        }
    }

    static String human(DrillRecord r) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "drill %s of %s generation %s verified in %.1f s: %d branches, %d tags and %d commits as backed up, "
                        + "%d object(s) read back (%d by checksum); removed %d temporary repository(ies) and %d "
                        + "object(s); recorded at %s", r.drill(), r.repository(), r.generation(), r.durationMs() / 1000.0,
                r.restored().branches(), r.restored().tags(), r.restored().commits(), r.check().sampled(),
                r.check().checksummed(), r.cleanup().repositoriesDeleted(), r.cleanup().objectsDeleted(), r.record()));
        r.warnings().forEach(w -> out.append("\n  warning: ").append(w));
        return out.toString();
    }
}
