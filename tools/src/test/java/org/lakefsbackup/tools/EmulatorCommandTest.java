package org.lakefsbackup.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lakefsbackup.cli.Main;
import org.lakefsbackup.testkit.cli.JsonOutputContract;

class EmulatorCommandTest {

    record Run(int exit, String out, String err) {
    }

    static Run tools(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ToolsMain.run(new PrintWriter(out, true), new PrintWriter(err, true), Map.of(), args);
        return new Run(exit, out.toString(), err.toString());
    }

    static Run cli(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), env, args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void theEmulatorWithItsOwnS3PrintsTheEnvironmentUnderWhichTheCliBacksUpAndRestoresALocalRepository(
            @TempDir Path tmp) throws Exception {
        Path envFile = tmp.resolve("emulator.env");
        Thread[] runner = new Thread[1];
        CompletableFuture<Run> emulator = CompletableFuture.supplyAsync(() -> {
            runner[0] = Thread.currentThread();
            return tools("emulator", "--json", "--port", "0", "--embedded-s3", "--sample", "my-repo",
                    "--data-dir", tmp.resolve("block").toString(), "--env-file", envFile.toString());
        });
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.exists(envFile) && System.nanoTime() < deadline && !emulator.isDone()) {
                Thread.sleep(50);
            }
            assertThat(envFile).as("the emulator wrote its environment").exists();
            Map<String, String> env = new HashMap<>();
            for (String line : Files.readAllLines(envFile)) {
                String[] kv = line.substring("export ".length()).split("=", 2);
                env.put(kv[0], kv[1]);
            }
            assertThat(env).containsKeys("LAKECTL_SERVER_ENDPOINT_URL", "LAKEFS_BACKUP_LOCAL_ROOT",
                    "LAKEFS_BACKUP_S3_ENDPOINT", "AWS_ACCESS_KEY_ID");
            // The in-process CLI reads S3 credentials through the SDK's chain, where system properties come first.
            System.setProperty("aws.accessKeyId", env.get("AWS_ACCESS_KEY_ID"));
            System.setProperty("aws.secretAccessKey", env.get("AWS_SECRET_ACCESS_KEY"));
            env.put("HOME", tmp.toString());

            Run backup = cli(env, "backup", "my-repo", "--to", "s3://lakefs-backups/lakefs", "--commit");
            assertThat(backup.exit()).as(backup.err()).isZero();
            assertThat(backup.out()).contains("backed up my-repo as generation");

            Run restore = cli(env, "restore", "my-repo", "--from", "s3://lakefs-backups/lakefs", "--as", "my-copy",
                    "--namespace", "local://my-copy");
            assertThat(restore.exit()).as(restore.err()).isZero();
            assertThat(restore.out()).contains("as my-copy on local://my-copy");
            assertThat(tmp.resolve("block/my-copy/_lakefs")).isDirectory();
        } finally {
            runner[0].interrupt();
            Run stopped = emulator.get(30, TimeUnit.SECONDS);
            assertThat(stopped.exit()).as(stopped.err()).isZero();
            assertThat(JsonOutputContract.validate(stopped.out()).at("/result/sample_repository").asText())
                    .isEqualTo("my-repo");
        }
    }

    @Test
    void aBusyPortIsOneLineAndAConflict() throws Exception {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Run run = tools("emulator", "--port", String.valueOf(socket.getLocalPort()));
            assertThat(run.exit()).isEqualTo(5);
            assertThat(run.err()).isEqualTo("error: port " + socket.getLocalPort()
                    + " is in use: choose another with --port (0 picks a free one)\n");
            Run json = tools("emulator", "--json", "--port", String.valueOf(socket.getLocalPort()));
            assertThat(JsonOutputContract.validate(json.out()).at("/error/code").asText()).isEqualTo("CONFLICT");
        }
    }

    @Test
    void s3NamespacesNeedAnS3Server() {
        Run run = tools("emulator", "--port", "0", "--blockstore", "s3");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--blockstore s3 needs an S3 server");
    }
}
