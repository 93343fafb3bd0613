package org.lakefsbackup.cli.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.lakefsbackup.testkit.real.ServerBinaries;

/**
 * lakeFS's own {@code scripts/refs/lakefs-refs.py} (from the lakeFS 1.84.0 module the real lane builds) in a
 * Python venv under {@code target/lakefs-refs-venv} with {@code lakefs-sdk} and {@code pyyaml} from PyPI, pinned.
 * Skips the calling test (a JUnit assumption with the reason) when the script, Python or the packages cannot be
 * had.
 */
final class RefsScript {
    static final List<String> PACKAGES = List.of("lakefs-sdk==1.84.0", "pyyaml==6.0.2");
    private static final long INSTALL_MINUTES = 5;
    private static final long RUN_MINUTES = 2;
    private static RefsScript instance;

    private final Path python;
    private final Path script;

    /** What one run printed and returned. */
    record Run(int exit, String output) {
    }

    private RefsScript(Path python, Path script) {
        this.python = python;
        this.script = script;
    }

    static synchronized RefsScript require() throws Exception {
        if (instance == null) {
            Path script = ServerBinaries.requireLakeFs(ServerBinaries.LAKEFS_VERSION).refsScript();
            Assumptions.assumeTrue(Files.isRegularFile(script), "lakefs-refs.py is not next to the lakeFS binaries: "
                    + script);
            Path venv = Path.of("target", "lakefs-refs-venv").toAbsolutePath();
            Path python = venv.resolve("bin/python");
            if (!Files.isExecutable(python) || run(List.of(python.toString(), "-c", "import lakefs_sdk, yaml"),
                    venv.getParent(), 1).exit() != 0) {
                require(run(List.of("python3", "-m", "venv", venv.toString()), venv.getParent(), INSTALL_MINUTES),
                        "python3 -m venv");
                List<String> pip = new ArrayList<>(List.of(venv.resolve("bin/pip").toString(), "install", "--quiet",
                        "--disable-pip-version-check"));
                pip.addAll(PACKAGES);
                require(run(pip, venv.getParent(), INSTALL_MINUTES), "pip install " + String.join(" ", PACKAGES));
            }
            instance = new RefsScript(python, script);
        }
        return instance;
    }

    private static void require(Run run, String what) {
        Assumptions.assumeTrue(run.exit() == 0, () -> "lakefs-refs.py lane skipped: " + what + " failed ("
                + run.exit() + "): " + run.output());
    }

    /** Runs {@code lakefs-refs.py} with the auth options first (the script takes them only there). */
    Run run(LakeFsBackend.Server lakefs, Path workDir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(python.toString(), script.toString(), "--endpoint-url",
                lakefs.endpoint(), "--access-key-id", lakefs.accessKeyId(), "--secret-access-key",
                lakefs.secretAccessKey()));
        command.addAll(List.of(args));
        return run(command, workDir, RUN_MINUTES);
    }

    private static Run run(List<String> command, Path workDir, long minutes) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path log = Files.createTempFile("lakefs-refs-", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("LAKECTL_"));
            pb.environment().put("HOME", workDir.toString());
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                return new Run(127, e.getMessage());
            }
            if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return new Run(124, "timed out after " + minutes + " min: " + Files.readString(log));
            }
            return new Run(p.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
