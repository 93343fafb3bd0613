package org.lakefsbackup.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.model.Manifest;
import org.lakefsbackup.core.run.RefsTool;
import org.lakefsbackup.core.retry.Sleeper;
import org.lakefsbackup.core.store.local.LocalErrors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code restore-refs}: lakefs-refs.py's restore, on the asynchronous API. */
@Command(name = "restore-refs", mixinStandardHelpOptions = true,
        description = "Create a bare repository from each manifest (lakefs-refs.py or lakefs-backup format) and "
                + "restore its refs. The namespace must already hold the repository's objects.")
final class RestoreRefsCommand implements Callable<Integer> {
    @ParentCommand
    LakeFsBackupCommand top;

    @Parameters(arity = "1..*", paramLabel = "MANIFEST")
    List<Path> manifests;

    @Option(names = "--ignore-storage-id", description = "do not send the manifest's storage_id")
    boolean ignoreStorageId;

    @Mixin
    TuningOptions tuning;

    /** One manifest restored. */
    record Restored(String manifestFile, String repository) {
    }

    /** The {@code --json} result. */
    record Result(List<Restored> restored, List<ItemFailure> failed) {
    }

    @Override
    public Integer call() {
        Console console = top.console;
        try (var lakefs = CliContext.lakefs(top)) {
            RefsTool tool = new RefsTool(lakefs, Clock.systemUTC(), tuning.settings().taskTimeout(),
                    tuning.settings().stepAttempts(), Sleeper.SYSTEM);
            List<Restored> restored = new ArrayList<>();
            List<ItemFailure> failed = new ArrayList<>();
            int exit = ExitCodes.OK;
            for (Path file : manifests) {
                try {
                    Manifest manifest = Manifest.parse(read(file), file.toString());
                    tool.restore(manifest, ignoreStorageId);
                    String name = manifest.repository().name();
                    console.say("Created repository: " + name);
                    console.say("Restored refs for repository: " + name);
                    restored.add(new Restored(file.toString(), name));
                } catch (LakeFsBackupException e) {
                    failed.add(ItemFailure.of(file.toString(), e));
                    exit = console.failed(manifests.size() == 1 ? null : "restoring from " + file, e);
                }
            }
            console.result(new Result(restored, failed),
                    "Operation 'restore' " + (exit == ExitCodes.OK ? "completed successfully." : "failed."));
            return exit;
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw LocalErrors.map(e, "reading the manifest " + file);
        }
    }
}
