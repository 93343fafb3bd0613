package org.lakefsbackup.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.core.store.local.LocalObjectStore;
import org.lakefsbackup.testkit.lakefs.LakeFsEmulator;
import org.lakefsbackup.testkit.lakefs.SampleRepository;
import org.lakefsbackup.testkit.s3.EmbeddedS3;

/** Ctrl-C (SIGINT) in the middle of a backup: the product jar says how to resume, and running it again does. */
class InterruptIT {
    static final Path JAR = Path.of("..", "cli", "target", "lakefs-backup-all.jar").toAbsolutePath().normalize();

    @Test
    void anInterruptedBackupSaysHowToResumeAndTheSameCommandThenSucceeds(@TempDir Path tmp) throws Exception {
        assumeFalse(sigintIgnored(), "SIGINT is ignored in this process tree (a background job started without job "
                + "control), so the backup it starts would ignore Ctrl-C too: nothing to test here");
        try (EmbeddedS3 s3 = EmbeddedS3.start();
             Storage storage = Storage.of(s3.newStore(), LocalObjectStore.withLocalRoot(tmp.resolve("block")));
             LakeFsEmulator lakefs = LakeFsEmulator.builder().storage(storage).credentials("AKIAINT", "int-secret")
                     .build().start()) {
            s3.createBucket("data");
            s3.createBucket("backups");
            new SampleRepository(SampleRepository.client(lakefs.endpoint(), "AKIAINT", "int-secret"))
                    .create("stopped", "s3://data/stopped");
            lakefs.setTaskDelay(Duration.ofMinutes(5));
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    JAR.toString(), "backup", "stopped", "--to", "s3://backups/lakefs");
            ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile());
            Map<String, String> env = builder.environment();
            env.put("LAKECTL_SERVER_ENDPOINT_URL", lakefs.endpoint());
            env.put("LAKECTL_CREDENTIALS_ACCESS_KEY_ID", "AKIAINT");
            env.put("LAKECTL_CREDENTIALS_SECRET_ACCESS_KEY", "int-secret");
            env.put("LAKEFS_BACKUP_S3_ENDPOINT", s3.endpoint().toString());
            env.put("LAKEFS_BACKUP_S3_PATH_STYLE", "true");
            env.put("LAKEFS_BACKUP_S3_REGION", EmbeddedS3.REGION);
            env.put("AWS_ACCESS_KEY_ID", EmbeddedS3.ACCESS_KEY);
            env.put("AWS_SECRET_ACCESS_KEY", EmbeddedS3.SECRET_KEY);
            env.put("HOME", tmp.toString());

            Process backup = builder.start();
            List<String> stderr = new ArrayList<>();
            CompletableFuture<Boolean> dumping = CompletableFuture.supplyAsync(() -> {
                try (var lines = new BufferedReader(new InputStreamReader(backup.getErrorStream(),
                        StandardCharsets.UTF_8))) {
                    boolean seen = false;
                    for (String line; (line = lines.readLine()) != null; ) {
                        synchronized (stderr) {
                            stderr.add(line);
                        }
                        seen |= line.equals("stopped: submit-dump");
                    }
                    return seen;
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline && backup.isAlive()) {
                synchronized (stderr) {
                    if (stderr.contains("stopped: submit-dump")) {
                        break;
                    }
                }
                Thread.sleep(50);
            }
            assertThat(backup.isAlive()).as("the backup waits for the dump: %s", stderr).isTrue();
            Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(backup.pid())).start();
            assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
            boolean stopped = backup.waitFor(60, TimeUnit.SECONDS);
            synchronized (stderr) {
                assertThat(stopped).as("the backup stopped: %s", stderr).isTrue();
            }
            dumping.get(30, TimeUnit.SECONDS);
            assertThat(backup.exitValue()).isNotZero();
            assertThat(String.join("\n", stderr)).contains("interrupted: lakefs-backup backup stopped before it "
                    + "finished; run the same command again to resume");

            lakefs.setTaskDelay(Duration.ZERO);
            Process again = builder.redirectErrorStream(true).start();
            String output = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(again.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(again.exitValue()).as(output).isZero();
            assertThat(output).contains("backed up stopped as generation").doesNotContain("interrupted");
        }
    }

    /** Whether this JVM inherited SIGINT as ignored (Linux: bit 2 of SigIgn); a child it starts inherits that. */
    static boolean sigintIgnored() throws java.io.IOException {
        Path status = Path.of("/proc/self/status");
        if (!java.nio.file.Files.isReadable(status)) {
            return false;
        }
        for (String line : java.nio.file.Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << 1)) != 0;
            }
        }
        return false;
    }
}
