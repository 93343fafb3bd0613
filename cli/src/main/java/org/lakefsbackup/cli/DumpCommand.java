package org.lakefsbackup.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.model.Manifest;
import org.lakefsbackup.core.model.RepositoryName;
import org.lakefsbackup.core.run.RefsTool;
import org.lakefsbackup.core.retry.Sleeper;
import org.lakefsbackup.core.store.local.LocalErrors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code dump}: lakefs-refs.py's dump, on the asynchronous API. */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = "Dump repository refs to <repo>_manifest.json (lakefs-refs.py format). Copies no data.")
final class DumpCommand implements Callable<Integer> {
    @ParentCommand
    LakeFsBackupCommand top;

    static final class Which {
        @Parameters(arity = "1", paramLabel = "REPOSITORY")
        String repository;

        @Option(names = "--all", required = true, description = "every repository")
        boolean all;
    }

    @ArgGroup(multiplicity = "1")
    Which which;

    @Option(names = "--commit", description = "commit uncommitted changes on every branch first")
    boolean commit;

    @Option(names = "--rm", description = "delete the repository record (never its data) after writing its manifest")
    boolean rm;

    @Option(names = "--output-dir", paramLabel = "DIR", defaultValue = ".", description = "default: current directory")
    Path outputDir;

    @Option(names = "--dry-run", description = "check each repository and say which manifest would be written and "
            + "which repository record deleted (--rm); submit no dump, write and delete nothing")
    boolean dryRun;

    @Mixin
    TuningOptions tuning;

    /** One repository dumped (or, in a dry run, that would be). */
    record Dumped(String repository, String manifestFile, boolean deleted) {
    }

    /** The {@code --json} result. */
    record Result(boolean dryRun, List<Dumped> dumped, List<ItemFailure> failed) {
    }

    @Override
    public Integer call() {
        Console console = top.console;
        try (var lakefs = CliContext.lakefs(top)) {
            RefsTool tool = new RefsTool(lakefs, Clock.systemUTC(), tuning.settings().taskTimeout(),
                    tuning.settings().stepAttempts(), Sleeper.SYSTEM);
            List<String> repos = which.all ? tool.listRepositories() : List.of(which.repository);
            List<Dumped> dumped = new ArrayList<>();
            List<ItemFailure> failed = new ArrayList<>();
            int exit = ExitCodes.OK;
            for (String repo : repos) {
                Path file = outputDir.resolve(repo + "_manifest.json");
                try {
                    if (dryRun) {
                        if (lakefs.getRepository(RepositoryName.require(repo)).isEmpty()) {
                            throw ErrorCode.NOT_FOUND.exception("repository " + repo + " not found at "
                                    + lakefs.endpoint());
                        }
                        dumped.add(new Dumped(repo, file.toString(), false));
                        console.say("would dump " + repo + " to " + file
                                + (rm ? " and then delete the repository record (not its storage)" : ""));
                        continue;
                    }
                    Manifest manifest = tool.dump(repo, commit);
                    write(file, manifest.refsManifestJson());
                    console.say("dumped " + repo + " to " + file);
                    if (rm) {
                        tool.delete(repo);
                        console.say("deleted repository " + repo + " (its storage is untouched)");
                    }
                    dumped.add(new Dumped(repo, file.toString(), rm));
                } catch (LakeFsBackupException e) {
                    failed.add(ItemFailure.of(repo, e));
                    exit = console.failed(repos.size() == 1 ? null : "dump of " + repo, e);
                }
            }
            console.result(new Result(dryRun, dumped, failed), dryRun ? null
                    : "Operation 'dump' " + (exit == ExitCodes.OK ? "completed successfully." : "failed."));
            return exit;
        }
    }

    private static void write(Path file, byte[] content) {
        try {
            Files.write(file, content);
        } catch (IOException e) {
            throw LocalErrors.map(e, "writing the manifest " + file);
        }
    }
}
