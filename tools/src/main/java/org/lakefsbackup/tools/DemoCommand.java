package org.lakefsbackup.tools;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lakefsbackup.cli.Main;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.core.store.local.LocalObjectStore;
import org.lakefsbackup.testkit.lakefs.LakeFsEmulator;
import org.lakefsbackup.testkit.lakefs.SampleRepository;
import org.lakefsbackup.testkit.s3.EmbeddedS3;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code demo}: the product's own commands, run in this JVM against an embedded S3 server and the lakeFS emulator,
 * each printed as a user would type it.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start an embedded S3 server and the lakeFS emulator in-process, create a sample repository, "
                + "then run the lakefs-backup commands a user would: back it up twice, list, restore it under a new "
                + "name, verify. No account needed.")
final class DemoCommand implements Callable<Integer> {
    private static final String KEY = "AKIADEMO";
    private static final String SECRET = "demo-secret-not-for-production";
    static final String BACKUP = "s3://demo-backups/lakefs";

    @ParentCommand
    ToolsCommand top;

    /** One product command the demo ran. */
    record Step(List<String> command, int exitCode, long durationMs) {
        Step {
            command = List.copyOf(command);
        }
    }

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        Path work = Files.createTempDirectory("lakefs-backup-demo");
        List<Step> steps = new ArrayList<>();
        try (EmbeddedS3 s3 = EmbeddedS3.start();
             Storage storage = Storage.of(s3.newStore(), LocalObjectStore.withLocalRoot(work));
             LakeFsEmulator lakefs = LakeFsEmulator.builder().storage(storage).credentials(KEY, SECRET).build()
                     .start()) {
            s3.createBucket("demo-lakefs");
            s3.createBucket("demo-backups");
            // The CLI's S3 client takes its credentials from the SDK's default chain; system properties come first.
            System.setProperty("aws.accessKeyId", EmbeddedS3.ACCESS_KEY);
            System.setProperty("aws.secretAccessKey", EmbeddedS3.SECRET_KEY);
            Map<String, String> env = new HashMap<>(top.env);
            env.put("LAKECTL_SERVER_ENDPOINT_URL", lakefs.endpoint());
            env.put("LAKECTL_CREDENTIALS_ACCESS_KEY_ID", KEY);
            env.put("LAKECTL_CREDENTIALS_SECRET_ACCESS_KEY", SECRET);
            env.put("LAKEFS_BACKUP_S3_ENDPOINT", s3.endpoint().toString());
            env.put("LAKEFS_BACKUP_S3_PATH_STYLE", "true");
            env.put("LAKEFS_BACKUP_S3_REGION", EmbeddedS3.REGION);
            env.put("LAKEFS_BACKUP_LOCAL_ROOT", work.toString());
            say(String.format(Locale.ROOT, "started an embedded S3 server at %s and a lakeFS emulator at %s (%d ms)",
                    s3.endpoint(), lakefs.endpoint(), ms(t0)));

            long t = System.nanoTime();
            var sample = new SampleRepository(SampleRepository.client(lakefs.endpoint(), KEY, SECRET))
                    .create("demo-repo", "s3://demo-lakefs/demo-repo");
            say(String.format(Locale.ROOT, "created repository demo-repo: branches %s (scratch-hidden is hidden), "
                            + "tags %s, main protected, uncommitted changes on dev (%d ms)",
                    sample.branches().keySet(), sample.tags().keySet(), ms(t)));

            List<List<String>> commands = List.of(
                    List.of("backup", "demo-repo", "--to", BACKUP),
                    List.of("backup", "demo-repo", "--to", BACKUP),
                    List.of("list", "demo-repo", "--from", BACKUP),
                    List.of("restore", "demo-repo", "--from", BACKUP, "--as", "demo-restored",
                            "--namespace", "s3://demo-lakefs/demo-restored"),
                    List.of("verify", "demo-repo", "--from", BACKUP, "--deep"));
            for (List<String> command : commands) {
                if (top.console.quiet()) {
                    command = new ArrayList<>(command);
                    command.add("-q");
                }
                Step step = run(env, command);
                steps.add(step);
                if (step.exitCode() != 0) {
                    top.console.result(steps, null);
                    throw ErrorCode.INTERNAL.exception("the demo stopped: lakefs-backup " + String.join(" ", command)
                            + " exited " + step.exitCode());
                }
            }
            say(String.format(Locale.ROOT, "done in %d ms. Try it on your lakeFS: lakefs-backup backup <repo> --to "
                    + "s3://<bucket>/<prefix>", ms(t0)));
            top.console.result(steps, null);
            return 0;
        }
    }

    /** Runs one product command in this JVM, printing it and its output as a shell would show them. */
    private Step run(Map<String, String> env, List<String> command) {
        say("$ lakefs-backup " + String.join(" ", command));
        StringWriter captured = new StringWriter();
        long t = System.nanoTime();
        int exit = Main.run(new PrintWriter(captured, true), top.console.err(), env,
                command.toArray(String[]::new));
        Step step = new Step(command, exit, ms(t));
        captured.toString().lines().forEach(line -> say("  " + line));
        return step;
    }

    private void say(String line) {
        top.console.say(line);
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }
}
