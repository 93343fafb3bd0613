package org.lakefsbackup.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.model.Manifest;
import org.lakefsbackup.core.step.Generations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code list}: the committed generations of a repository. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the committed generations of a repository's backup with time, counts and sizes.")
final class ListCommand implements Callable<Integer> {
    @ParentCommand
    LakeFsBackupCommand top;

    @Mixin
    BackupSelection selection;

    @Override
    public Integer call() {
        BackupLayout layout = selection.layout();
        try (var storage = CliContext.storage(top)) {
            Generations generations = new Generations(storage);
            List<Entry> entries = new ArrayList<>();
            for (GenerationId id : generations.list(layout)) {
                Manifest m = generations.read(layout, id);
                entries.add(new Entry(m.generation(), m.createdAt().toString(), m.inventory().objects(),
                        m.inventory().bytes(), m.branches().size(), m.tags().size(), m.commitCount(),
                        m.source().lakefsVersion(), m.warnings().size()));
            }
            StringBuilder human = new StringBuilder(String.format(Locale.ROOT, "%-26s %-25s %10s %10s %8s %6s %8s%n",
                    "GENERATION", "CREATED", "OBJECTS", "SIZE", "BRANCHES", "TAGS", "COMMITS"));
            for (Entry e : entries) {
                human.append(String.format(Locale.ROOT, "%-26s %-25s %10d %10s %8d %6d %8d%n", e.generation(),
                        e.createdAt(), e.objects(), ConsoleProgress.human(e.bytes()), e.branches(), e.tags(),
                        e.commits()));
            }
            if (entries.isEmpty()) {
                human.append("no committed generation of ").append(selection.repository).append(" at ")
                        .append(selection.backup);
            }
            new Output(top).result(entries, human.toString().stripTrailing());
            return ExitCodes.OK;
        }
    }

    record Entry(String generation, String createdAt, long objects, long bytes, int branches, int tags, long commits,
                 String lakefsVersion, int warnings) {
    }
}
