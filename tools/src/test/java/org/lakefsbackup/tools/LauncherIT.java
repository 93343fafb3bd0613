package org.lakefsbackup.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped launcher ({@code cli/bin/lakefs-backup}) with the jar this build wrote: its first run writes an AppCDS
 * archive, later runs map it (a run with {@code -Xshare:on} starts only when the archive can be mapped), and a damaged
 * archive costs nothing but the speed-up.
 */
class LauncherIT {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    record Result(int exit, String out) {
    }

    static Result run(Path cds, Map<String, String> env, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of("bash",
                ROOT.resolve("cli/bin/lakefs-backup").toString()), Stream.of(args)).toList()).redirectErrorStream(true);
        pb.environment().put("LAKEFS_BACKUP_JAR", ROOT.resolve("cli/target/lakefs-backup-all.jar").toString());
        pb.environment().put("LAKEFS_BACKUP_CDS_DIR", cds.toString());
        pb.environment().remove("JAVA_OPTS");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the launcher finished").isTrue();
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    static List<Path> archives(Path cds) throws IOException {
        try (Stream<Path> files = Files.list(cds)) {
            return files.toList();
        }
    }

    @Test
    void writesAnArchiveOnTheFirstRunOfACommandAndMapsItLater(@TempDir Path tmp) throws Exception {
        Path cds = tmp.resolve("cds");
        Result first = run(cds, Map.of(), "--version");
        assertThat(first.exit()).as(first.out()).isZero();
        assertThat(first.out()).startsWith("lakefs-backup ");
        List<Path> written = archives(cds);
        assertThat(written).hasSize(1);
        assertThat(written.get(0).getFileName().toString()).startsWith("cli-").endsWith(".jsa");

        // -Xshare:on refuses to start without a mappable archive
        Result second = run(cds, Map.of("JAVA_OPTS", "-Xshare:on"), "--version");
        assertThat(second).isEqualTo(first);
        assertThat(archives(cds)).isEqualTo(written);

        // a command of its own gets an archive of its own
        Result help = run(cds, Map.of(), "list", "--help");
        assertThat(help.exit()).as(help.out()).isZero();
        assertThat(archives(cds)).hasSize(2).anyMatch(p -> p.getFileName().toString().startsWith("list-"));
    }

    @Test
    void runsWithADamagedArchiveOrWithoutOne(@TempDir Path tmp) throws Exception {
        Path cds = tmp.resolve("cds");
        Result plain = run(cds, Map.of("LAKEFS_BACKUP_CDS", "off"), "--version");
        assertThat(plain.exit()).as(plain.out()).isZero();
        assertThat(cds).doesNotExist();

        run(cds, Map.of(), "--version");
        Path archive = archives(cds).get(0);
        archive.toFile().setWritable(true);
        Files.write(archive, "not an archive".getBytes(StandardCharsets.UTF_8));
        assertThat(run(cds, Map.of(), "--version")).isEqualTo(plain);
    }

    @Test
    void commandsRunWithTheC1CompilerOnlyButTheWebhookServerUnlessToldOtherwise(@TempDir Path tmp) throws Exception {
        Path cds = tmp.resolve("cds");
        Map<String, String> flags = Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags");
        assertThat(run(cds, flags, "list", "--help").out()).contains("-XX:TieredStopAtLevel=1");
        assertThat(run(cds, flags, "backup", "--help").out()).contains("-XX:TieredStopAtLevel=1");
        assertThat(run(cds, flags, "webhook", "--help").out()).doesNotContain("TieredStopAtLevel");
        assertThat(run(cds, Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags", "LAKEFS_BACKUP_JIT", "full"),
                "list", "--help").out()).doesNotContain("TieredStopAtLevel");
    }
}
