package org.lakefsbackup.cli;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.model.Manifest;
import org.lakefsbackup.core.step.Generations;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.Storage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code list}: the committed generations of one repository's backup, or of every repository at a location. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List the committed generations of a repository's backup (or, without REPOSITORY, of every "
                + "repository held at the location) with time, counts and sizes.",
                "A generation whose manifest cannot be read is listed with its error and a warning; --strict makes "
                        + "that exit non-zero."})
final class ListCommand implements Callable<Integer> {
    @ParentCommand
    LakeFsBackupCommand top;

    @Parameters(index = "0", arity = "0..1", paramLabel = "REPOSITORY",
            description = "the backed-up repository (default: every repository at the location)")
    String repository;

    @Option(names = "--from", required = true, paramLabel = "LOCATION", description = "backup location")
    String backup;

    @Option(names = "--strict", description = "exit with the error's code when a generation cannot be read")
    boolean strict;

    /** One generation: what its manifest says, or why it could not be read. */
    record Entry(String repository, String generation, Instant createdAt, Long objects, Long bytes, Integer branches,
                 Integer tags, Long commits, String lakefsVersion, Integer warnings, Console.Error error) {
        static Entry of(String repository, Manifest m) {
            return new Entry(repository, m.generation(), m.createdAt(), m.inventory().objects(),
                    m.inventory().bytes(), m.branches().size(), m.tags().size(), m.commitCount(),
                    m.source().lakefsVersion(), m.warnings().size(), null);
        }

        static Entry broken(String repository, GenerationId id, Console.Error error) {
            return new Entry(repository, id.value(), null, null, null, null, null, null, null, null, error);
        }
    }

    /** The {@code --json} result. */
    record Result(String location, List<Entry> generations) {
    }

    @Override
    public Integer call() {
        Console console = top.console;
        Location root = Location.parse(backup);
        try (Storage storage = CliContext.storage(top)) {
            Generations generations = new Generations(storage);
            List<String> repositories = repository != null ? List.of(repository) : generations.repositories(root);
            List<Entry> entries = new ArrayList<>();
            int exit = ExitCodes.OK;
            for (String repo : repositories) {
                BackupLayout layout = new BackupLayout(root, repo);
                for (GenerationId id : generations.list(layout)) {
                    try {
                        entries.add(Entry.of(repo, generations.read(layout, id)));
                    } catch (LakeFsBackupException e) {
                        Console.Error error = Console.Error.of(Failures.of(e));
                        entries.add(Entry.broken(repo, id, error));
                        if (strict) {
                            exit = console.failed("reading generation " + id + " of " + repo, e);
                        } else {
                            console.warn("generation " + id + " of " + repo + " cannot be read (listed with its "
                                    + "error; --strict makes this fail): " + e.getMessage());
                        }
                    }
                }
            }
            if (entries.isEmpty()) {
                throw ErrorCode.NOT_FOUND.exception(nothingFound(storage, root));
            }
            console.result(new Result(root.toString(), entries), table(entries, repository == null));
            return exit;
        }
    }

    /** Why nothing was listed, with the likely mistake: a location one level too deep, or another repository. */
    private String nothingFound(Storage storage, Location root) {
        Generations generations = new Generations(storage);
        String what = (repository != null ? "no committed generation of " + repository + " at " + root
                : "no backup at " + root) + generations.tooDeepHint(root);
        if (repository != null && generations.tooDeepHint(root).isEmpty()) {
            List<String> others = generations.repositories(root);
            if (!others.isEmpty()) {
                return what + "; it holds backups of " + others;
            }
        }
        return what;
    }

    /** The readable table: times to the second in UTC, columns as wide as their widest cell. */
    static String table(List<Entry> entries, boolean withRepository) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"REPOSITORY", "GENERATION", "CREATED (UTC)", "OBJECTS", "SIZE", "BRANCHES", "TAGS",
                "COMMITS"});
        for (Entry e : entries) {
            if (e.error() != null) {
                rows.add(new String[] {e.repository(), e.generation(), "unreadable: " + e.error().code(), "", "", "",
                        "", ""});
            } else {
                rows.add(new String[] {e.repository(), e.generation(),
                        e.createdAt().truncatedTo(ChronoUnit.SECONDS).toString().replace('T', ' ').replace("Z", ""),
                        String.valueOf(e.objects()), ConsoleProgress.human(e.bytes()), String.valueOf(e.branches()),
                        String.valueOf(e.tags()), String.valueOf(e.commits())});
            }
        }
        int first = withRepository ? 0 : 1;
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = first; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = first; i < row.length; i++) {
                String cell = String.format(Locale.ROOT, "%" + (i >= 3 ? "" : "-") + width[i] + "s", row[i]);
                line.append(cell).append(i < row.length - 1 ? "  " : "");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString().stripTrailing();
    }
}
