package org.lakefsbackup.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.lakefsbackup.core.step.DrillHistory;
import org.lakefsbackup.core.step.GenerationList;
import org.lakefsbackup.core.step.GenerationListing;
import org.lakefsbackup.core.step.ListGenerationsRequest;
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

    /**
     * One generation: what its manifest says, or why it could not be read; and its restore drills: the newest one
     * ({@code lastDrill}) and when the newest that verified finished ({@code lastVerifiedDrillAt}); when a later
     * backup last found the repository unchanged and marked it still current ({@code currentAt}).
     */
    record Entry(String repository, String generation, Instant createdAt, Long objects, Long bytes, Integer branches,
                 Integer tags, Long commits, String lakefsVersion, Integer warnings, DrillHistory.Last lastDrill,
                 Instant lastVerifiedDrillAt, Instant currentAt, Console.Error error) {
        static Entry of(GenerationList.Entry e) {
            Console.Error error = e.error() == null ? null
                    : new Console.Error(e.error().code().name(), e.error().message(), e.error().code().retryable());
            return new Entry(e.repository(), e.generation(), e.createdAt(), e.objects(), e.bytes(), e.branches(),
                    e.tags(), e.commits(), e.lakefsVersion(), e.warnings(), e.lastDrill(), e.lastVerifiedDrillAt(),
                    e.currentAt(), error);
        }
    }

    /** The {@code --json} result. */
    record Result(String location, List<Entry> generations) {
    }

    @Override
    public Integer call() {
        Console console = top.console;
        try (Storage storage = CliContext.storage(top)) {
            GenerationList list = GenerationListing.list(storage, new ListGenerationsRequest(backup, repository));
            int exit = ExitCodes.OK;
            for (GenerationList.Entry broken : list.broken()) {
                if (strict) {
                    exit = console.failed("reading generation " + broken.generation() + " of "
                            + broken.repository(), broken.error().exception());
                } else {
                    console.warn("generation " + broken.generation() + " of " + broken.repository() + " cannot be "
                            + "read (listed with its error; --strict makes this fail): " + broken.error().message());
                }
            }
            List<Entry> entries = list.generations().stream().map(Entry::of).toList();
            console.result(new Result(list.location(), entries), table(entries, repository == null));
            return exit;
        }
    }

    /** The readable table: times to the second in UTC, columns as wide as their widest cell. */
    static String table(List<Entry> entries, boolean withRepository) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"REPOSITORY", "GENERATION", "CREATED (UTC)", "OBJECTS", "SIZE", "BRANCHES", "TAGS",
                "COMMITS", "DRILL", "STILL CURRENT"});
        for (Entry e : entries) {
            if (e.error() != null) {
                rows.add(new String[] {e.repository(), e.generation(), "unreadable: " + e.error().code(), "", "", "",
                        "", "", "", ""});
            } else {
                rows.add(new String[] {e.repository(), e.generation(), TextTable.second(e.createdAt()),
                        String.valueOf(e.objects()), ConsoleProgress.human(e.bytes()), String.valueOf(e.branches()),
                        String.valueOf(e.tags()), String.valueOf(e.commits()), drill(e),
                        e.currentAt() == null ? "-" : "current at " + TextTable.second(e.currentAt())});
            }
        }
        return TextTable.render(rows, withRepository ? 0 : 1, i -> i >= 3 && i < 8).stripTrailing();
    }

    /** The drill column: the day the last drill verified the generation, and whether a later one failed. */
    private static String drill(Entry e) {
        if (e.lastDrill() == null) {
            return "-";
        }
        String verified = e.lastVerifiedDrillAt() == null ? "never verified"
                : "verified " + TextTable.second(e.lastVerifiedDrillAt()).substring(0, 10);
        return e.lastDrill().ok() ? verified : "FAILED " + TextTable.second(e.lastDrill().finishedAt()).substring(0, 10)
                + " (" + verified + ")";
    }
}
