package org.lakefsbackup.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.testkit.lakefs.LakeFsEmulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code emulator}: runs the test kit's lakeFS API emulator until interrupted, to try the CLI from a shell. */
@Command(name = "emulator", mixinStandardHelpOptions = true,
        description = "Run the lakeFS API emulator (a test double, not lakeFS) on 127.0.0.1 until Ctrl-C. "
                + "Namespaces: local:// under --data-dir, and s3:// through the --s3-* options.")
final class EmulatorCommand implements Callable<Integer> {
    @ParentCommand
    LakeFsBackupCommand top;

    @Option(names = "--port", defaultValue = "8000", description = "default: 8000")
    int port;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "local block store root (default: a temp dir)")
    Path dataDir;

    @Option(names = "--emulator-version", defaultValue = "1.53.1", description = "version GET /config reports")
    String version;

    @Override
    public Integer call() throws Exception {
        if (top.accessKeyId == null || top.secretAccessKey == null) {
            throw org.lakefsbackup.core.error.ErrorCode.INVALID_INPUT.exception(
                    "give the emulator's credentials with --access-key-id and --secret-access-key");
        }
        Path root = dataDir != null ? dataDir : Files.createTempDirectory("lakefs-emulator");
        top.localRoot = root.toString();
        try (Storage storage = CliContext.storage(top);
             LakeFsEmulator lakefs = LakeFsEmulator.builder().storage(storage).port(port).version(version)
                     .credentials(top.accessKeyId, top.secretAccessKey).build().start()) {
            top.out.println("lakeFS emulator " + version + " listening at " + lakefs.endpoint());
            top.out.println("local:// namespaces live under " + root);
            top.out.flush();
            new CountDownLatch(1).await();
            return ExitCodes.OK;
        }
    }
}
