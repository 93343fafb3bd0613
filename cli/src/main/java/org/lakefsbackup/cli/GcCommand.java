package org.lakefsbackup.cli;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.lakefsbackup.core.gc.ScratchCollector;
import org.lakefsbackup.core.store.Location;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code gc}: removes what finished or abandoned runs left at a backup location. */
@Command(name = "gc", mixinStandardHelpOptions = true,
        description = "Remove run scratch, leases that expired long ago, inventories of generations that were never "
                + "committed, and temporary files of interrupted writes, older than --older-than. Committed "
                + "generations, backed-up objects and anything of a run holding a live lease are never touched.")
final class GcCommand implements Callable<Integer> {
    @ParentCommand
    LakeFsBackupCommand top;

    @Parameters(index = "0", arity = "0..1", paramLabel = "REPOSITORY",
            description = "only this repository's backup (default: every repository at the location)")
    String repository;

    @Option(names = "--from", required = true, paramLabel = "LOCATION",
            description = "backup location (env LAKEFS_BACKUP_LOCATION)")
    String backup;

    @Option(names = "--older-than", paramLabel = "HOURS", defaultValue = "24",
            description = "only what was last written longer ago than this many hours (default: 24)")
    long olderThanHours;

    @Option(names = "--dry-run", description = "print what would be removed, remove nothing")
    boolean dryRun;

    @Override
    public Integer call() {
        Location location = Location.parse(backup);
        Duration age = Duration.ofHours(olderThanHours);
        try (var storage = CliContext.storage(top)) {
            ScratchCollector gc = new ScratchCollector(storage, Clock.systemUTC());
            List<ScratchCollector.Report> reports = gc.collect(location, repository, age, dryRun);
            ScratchCollector.TempFiles temp = gc.collectTempFiles(location, age, dryRun);
            StringBuilder human = new StringBuilder();
            String verb = dryRun ? "would remove" : "removed";
            for (ScratchCollector.Report r : reports) {
                human.append(String.format(Locale.ROOT, "%s: %s %d run(s) %s, %d incomplete generation(s) %s%s: %d "
                                + "objects, %s%n", r.repository(), verb, r.runs().size(), r.runs(),
                        r.generations().size(), r.generations(), r.expiredLease() ? ", an expired lease" : "",
                        r.objects(), ConsoleProgress.human(r.bytes())));
                if (r.skipped() != null) {
                    human.append("  kept: ").append(r.skipped()).append('\n');
                }
            }
            if (temp.files() > 0) {
                human.append(String.format(Locale.ROOT, "%s %d temporary file(s), %s%n", verb, temp.files(),
                        ConsoleProgress.human(temp.bytes())));
            }
            if (human.isEmpty()) {
                human.append("nothing to remove at ").append(location);
            }
            top.console.result(new GcResult(reports, temp), human.toString().stripTrailing());
            return ExitCodes.OK;
        }
    }

    record GcResult(List<ScratchCollector.Report> repositories, ScratchCollector.TempFiles temporaryFiles) {
    }
}
