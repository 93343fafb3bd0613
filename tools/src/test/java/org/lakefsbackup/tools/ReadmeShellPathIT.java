package org.lakefsbackup.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Try the CLI from a shell" path, run as written: its first block (the emulator) in the background,
 * its second (the CLI) with bash, from the repository's root, with the jars this build wrote.
 */
class ReadmeShellPathIT {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    static String block(String readme, String marker) {
        Matcher m = Pattern.compile("<!-- shell-path: " + marker + " -->\\s*```bash\\n(.*?)```", Pattern.DOTALL)
                .matcher(readme);
        assertThat(m.find()).as("README block after <!-- shell-path: %s -->", marker).isTrue();
        return m.group(1);
    }

    @Test
    void theEmulatorAndTheCliWorkAsTheReadmeSays(@TempDir Path tmp) throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        Path emulatorScript = Files.writeString(tmp.resolve("emulator.sh"), block(readme, "emulator"));
        Path cliScript = Files.writeString(tmp.resolve("cli.sh"), "shopt -s expand_aliases\nset -e\n"
                + block(readme, "cli"));
        ProcessBuilder emulatorCommand = new ProcessBuilder("bash", emulatorScript.toString()).directory(ROOT.toFile())
                .redirectOutput(tmp.resolve("emulator.out").toFile()).redirectErrorStream(true);
        emulatorCommand.environment().put("TMPDIR", tmp.toString());
        Process emulator = emulatorCommand.start();
        try {
            Path envFile = tmp.resolve("lakefs-emulator.env");
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!Files.exists(envFile) && emulator.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(envFile).as(Files.readString(tmp.resolve("emulator.out"))).exists();

            ProcessBuilder cliCommand = new ProcessBuilder("bash", cliScript.toString()).directory(ROOT.toFile())
                    .redirectOutput(tmp.resolve("cli.out").toFile()).redirectError(tmp.resolve("cli.err").toFile());
            cliCommand.environment().put("TMPDIR", tmp.toString());
            cliCommand.environment().put("HOME", tmp.toString());
            Process cli = cliCommand.start();
            assertThat(cli.waitFor(10, TimeUnit.MINUTES)).as("the CLI block finished").isTrue();
            String out = Files.readString(tmp.resolve("cli.out"));
            String err = Files.readString(tmp.resolve("cli.err"));
            assertThat(cli.exitValue()).as(out + err).isZero();
            assertThat(out).contains("backed up my-repo as generation").contains("my-repo")
                    .contains("restored generation").contains("as my-copy on local://my-copy").contains("verified");
        } finally {
            emulator.descendants().forEach(ProcessHandle::destroy);
            emulator.destroy();
            assertThat(emulator.waitFor(60, TimeUnit.SECONDS)).as("the emulator stopped").isTrue();
        }
    }
}
