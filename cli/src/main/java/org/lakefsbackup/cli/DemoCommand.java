package org.lakefsbackup.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.lakefsbackup.core.lakefs.LakeFsConfig;
import org.lakefsbackup.core.lakefs.SdkLakeFsClient;
import org.lakefsbackup.core.run.BackupRunner;
import org.lakefsbackup.core.run.RestoreRunner;
import org.lakefsbackup.core.run.RunPolicy;
import org.lakefsbackup.core.step.BackupRequest;
import org.lakefsbackup.core.step.RestoreRequest;
import org.lakefsbackup.core.step.Settings;
import org.lakefsbackup.core.step.StepServices;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.core.store.local.LocalObjectStore;
import org.lakefsbackup.testkit.lakefs.LakeFsEmulator;
import org.lakefsbackup.testkit.lakefs.SampleRepository;
import org.lakefsbackup.testkit.s3.EmbeddedS3;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code demo}: the whole product in one command, on an embedded S3 server and the lakeFS emulator. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start an embedded S3 server and the lakeFS emulator in-process, create a sample repository, "
                + "back it up, restore it under a new name, verify, and print what happened. No account needed.")
final class DemoCommand implements Callable<Integer> {
    private static final String KEY = "AKIADEMO";
    private static final String SECRET = "demo-secret-not-for-production";

    @ParentCommand
    LakeFsBackupCommand top;

    @Override
    public Integer call() throws Exception {
        var out = top.out;
        long t0 = System.nanoTime();
        Path work = Files.createTempDirectory("lakefs-backup-demo");
        try (EmbeddedS3 s3 = EmbeddedS3.start();
             Storage storage = Storage.of(s3.newStore(), LocalObjectStore.withLocalRoot(work));
             LakeFsEmulator lakefs = LakeFsEmulator.builder().storage(storage).credentials(KEY, SECRET).build()
                     .start();
             var client = new SdkLakeFsClient(new LakeFsConfig(URI.create(lakefs.endpoint()), KEY, SECRET))) {
            s3.createBucket("demo-lakefs");
            s3.createBucket("demo-backups");
            out.printf(Locale.ROOT, "1. started S3 at %s and a lakeFS emulator at %s (%d ms)%n", s3.endpoint(),
                    lakefs.endpoint(), ms(t0));

            long t = System.nanoTime();
            var sample = new SampleRepository(SampleRepository.client(lakefs.endpoint(), KEY, SECRET))
                    .create("demo-repo", "s3://demo-lakefs/demo-repo");
            out.printf(Locale.ROOT, "2. created repository demo-repo: branches %s (scratch-hidden is hidden), tags %s,"
                    + " main protected, uncommitted changes on dev (%d ms)%n", sample.branches().keySet(),
                    sample.tags().keySet(), ms(t));

            StepServices services = new StepServices(client, storage, Clock.systemUTC(), Settings.defaults());
            t = System.nanoTime();
            var backup = new BackupRunner(services, RunPolicy.defaults(), new Output(top).progress())
                    .run(new BackupRequest("demo-repo", "s3://demo-backups/lakefs", false, null));
            backup.warnings().forEach(w -> out.println("   warning: " + w));
            out.printf(Locale.ROOT, "3. backed up demo-repo to s3://demo-backups/lakefs as generation %s: "
                            + "%d objects copied server-side, %d commits, verified (%d ms)%n",
                    backup.generation().generation(), backup.copy().copied(), backup.generation().commits(), ms(t));

            t = System.nanoTime();
            var again = new BackupRunner(services, RunPolicy.defaults(), new Output(top).progress())
                    .run(new BackupRequest("demo-repo", "s3://demo-backups/lakefs", false, null));
            out.printf(Locale.ROOT, "4. backed up again: generation %s copied %d objects, %d already held (%d ms)%n",
                    again.generation().generation(), again.copy().copied(), again.plan().skippedObjects(), ms(t));

            t = System.nanoTime();
            var restore = new RestoreRunner(services, RunPolicy.defaults(), new Output(top).progress())
                    .run(new RestoreRequest("s3://demo-backups/lakefs", "demo-repo", null, "demo-restored",
                            "s3://demo-lakefs/demo-restored", false, null));
            var v = restore.verification();
            out.printf(Locale.ROOT, "5. restored generation %s as demo-restored: %d objects copied; verified %d "
                            + "branches, %d tags, %d commits with identical IDs, %d objects read back (%d ms)%n",
                    v.generation(), restore.copy().copied(), v.branches(), v.tags(), v.commits(), v.sampledObjects(),
                    ms(t));
            out.printf(Locale.ROOT, "done in %d ms. Try it on your lakeFS: lakefs-backup backup <repo> --to "
                    + "s3://<bucket>/<prefix>%n", ms(t0));
            return ExitCodes.OK;
        }
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }
}
