package org.lakefsbackup.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.model.Manifest;
import org.lakefsbackup.core.run.RefsTool;
import org.lakefsbackup.core.retry.Sleeper;
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

    @Mixin
    TuningOptions tuning;

    @Override
    public Integer call() {
        try (var lakefs = CliContext.lakefs(top)) {
            RefsTool tool = new RefsTool(lakefs, Clock.systemUTC(), tuning.settings().taskTimeout(),
                    tuning.settings().stepAttempts(), Sleeper.SYSTEM);
            List<String> repos = which.all ? tool.listRepositories() : List.of(which.repository);
            int exit = ExitCodes.OK;
            for (String repo : repos) {
                try {
                    Manifest manifest = tool.dump(repo, commit);
                    Path file = outputDir.resolve(repo + "_manifest.json");
                    Files.write(file, manifest.refsManifestJson());
                    top.out.println("dumped " + repo + " to " + file);
                    if (rm) {
                        tool.delete(repo);
                        top.out.println("deleted repository " + repo + " (its storage is untouched)");
                    }
                } catch (LakeFsBackupException e) {
                    top.err.println("error: dump of " + repo + " failed: " + e.getMessage());
                    exit = ExitCodes.firstFailure(exit, e.code());
                } catch (IOException e) {
                    top.err.println("error: cannot write the manifest of " + repo + ": " + e.getMessage());
                    exit = ExitCodes.firstFailure(exit, ErrorCode.INVALID_INPUT);
                }
            }
            top.out.println("Operation 'dump' " + (exit == ExitCodes.OK ? "completed successfully." : "failed."));
            return exit;
        }
    }
}
