package org.lakefsbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakefs.clients.sdk.ActionsApi;
import io.lakefs.clients.sdk.ApiClient;
import io.lakefs.clients.sdk.RepositoriesApi;
import io.lakefs.clients.sdk.model.ActionRun;
import io.lakefs.clients.sdk.model.RepositoryCreation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lakefsbackup.core.model.Manifest;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.s3.S3ObjectStore;
import org.lakefsbackup.testkit.lakefs.SampleRepository;
import org.lakefsbackup.testkit.real.RealLakeFs;
import org.lakefsbackup.testkit.real.ServerBinaries;
import org.lakefsbackup.testkit.s3.EmbeddedS3;
import picocli.CommandLine;

/**
 * Event-triggered backup end to end against real lakeFS: the documented actions file
 * ({@code docs/examples/_lakefs_actions/backup.yaml}, its URL pointed at this test's server) is committed to a
 * repository; lakeFS (with {@code LAKEFSACTION_BACKUP_SECRET} in its environment, so the secret is not in the file)
 * runs the hook after the next commit against {@code lakefs-backup webhook} running here, and a generation that
 * records that commit appears. A second repository whose action sends a wrong secret gets no backup, and lakeFS
 * records its hook as failed.
 */
class RealLakeFsWebhookTest {
    static final String SECRET = "webhook-secret-0123456789abcdef0123";
    static final Duration WAIT = Duration.ofSeconds(180);

    @Test
    void aCommitRunsTheDocumentedActionAndTheWebhookBacksTheRepositoryUp(@TempDir Path tmp) throws Exception {
        ServerBinaries.LakeFs binaries = ServerBinaries.requireLakeFs(ServerBinaries.LAKEFS_VERSION);
        System.setProperty("aws.accessKeyId", EmbeddedS3.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", EmbeddedS3.SECRET_KEY);
        try (EmbeddedS3 s3 = EmbeddedS3.start();
             RealLakeFs lakefs = RealLakeFs.builder(binaries)
                     .s3Blockstore(s3.endpoint(), s3.accessKeyId(), s3.secretAccessKey())
                     .environment(Map.of("LAKEFSACTION_BACKUP_SECRET", SECRET)).start()) {
            s3.createBucket("source");
            s3.createBucket("backups");
            ApiClient sdk = SampleRepository.client(lakefs.endpoint(), lakefs.accessKeyId(), lakefs.secretAccessKey());
            SampleRepository sample = new SampleRepository(sdk);
            for (String repo : List.of("events-repo", "wrong-secret-repo")) {
                new RepositoriesApi(sdk).createRepository(new RepositoryCreation().name(repo)
                        .storageNamespace("s3://source/" + repo).defaultBranch("main")).execute();
            }

            Map<String, String> env = new HashMap<>();
            env.put("LAKECTL_SERVER_ENDPOINT_URL", lakefs.endpoint());
            env.put("LAKECTL_CREDENTIALS_ACCESS_KEY_ID", lakefs.accessKeyId());
            env.put("LAKECTL_CREDENTIALS_SECRET_ACCESS_KEY", lakefs.secretAccessKey());
            env.put("LAKEFS_BACKUP_S3_ENDPOINT", s3.endpoint().toString());
            env.put("LAKEFS_BACKUP_S3_PATH_STYLE", "true");
            env.put("LAKEFS_BACKUP_S3_REGION", EmbeddedS3.REGION);
            env.put("HOME", tmp.toString());
            env.put("LAKEFS_BACKUP_WEBHOOK_SECRET", SECRET);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cl = LakeFsBackupCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true),
                    env);
            WebhookCommand webhook = cl.getSubcommands().get("webhook").getCommand();
            int[] exit = {-1};
            Thread serving = new Thread(() -> exit[0] = cl.execute("webhook", "--listen", "127.0.0.1:0",
                    "--to", "s3://backups/lakefs", "--repositories", "events-repo,wrong-secret-repo"));
            serving.start();
            try {
                Pattern port = Pattern.compile("\\(port (\\d+)\\)");
                await("the webhook server to listen", () -> port.matcher(out.toString()).find()
                        || !serving.isAlive());
                Matcher m = port.matcher(out.toString());
                assertThat(m.find()).as(out + "\n" + err).isTrue();
                String url = "http://127.0.0.1:" + m.group(1) + WebhookServer.PATH;

                String documented = Files.readString(docs().resolve("examples/_lakefs_actions/backup.yaml"));
                assertThat(documented).contains("{{ ENV.LAKEFSACTION_BACKUP_SECRET }}").doesNotContain(SECRET);
                String action = documented.replace("http://backup-host:8080/webhook", url);
                assertThat(action).contains(url);
                sample.uploadBytes("events-repo", "main", "_lakefs_actions/backup.yaml",
                        action.getBytes(StandardCharsets.UTF_8));
                sample.commit("events-repo", "main", "add the backup action");
                sample.upload("events-repo", "main", Map.of("data/a.txt", "a"));
                String head = sample.commit("events-repo", "main", "data");

                sample.uploadBytes("wrong-secret-repo", "main", "_lakefs_actions/backup.yaml",
                        action.replace("{{ ENV.LAKEFSACTION_BACKUP_SECRET }}", "not-the-secret-0123456789abcdef")
                                .getBytes(StandardCharsets.UTF_8));
                sample.commit("wrong-secret-repo", "main", "add an action with a wrong secret");
                sample.upload("wrong-secret-repo", "main", Map.of("data/b.txt", "b"));
                sample.commit("wrong-secret-repo", "main", "data");

                try (S3ObjectStore store = s3.newStore()) {
                    await("a generation recording " + head, () -> heads(store, "events-repo").contains(head));
                    await("the webhook's backups to end", webhook::idle);
                    assertThat(heads(store, "events-repo")).contains(head);
                    // the wrong secret: lakeFS's hook failed (401) and nothing was backed up
                    await("lakeFS to record the failed hook", () -> anyRunFailed(sdk, "wrong-secret-repo"));
                    assertThat(heads(store, "wrong-secret-repo")).isEmpty();
                }
                assertThat(err.toString()).doesNotContain(SECRET);
                assertThat(out.toString()).doesNotContain(SECRET).contains("backed up events-repo as generation");
            } finally {
                webhook.stop.countDown();
                serving.join(Duration.ofSeconds(60).toMillis());
            }
            assertThat(exit[0]).as(err.toString()).isZero();
        }
    }

    /** The main-branch heads the manifests at {@code s3://backups/lakefs/<repo>} record. */
    static Set<String> heads(S3ObjectStore store, String repo) {
        Location generations = Location.parse("s3://backups/lakefs/" + repo + "/generations");
        Set<String> heads = new TreeSet<>();
        try (Stream<ObjectInfo> s = store.list(generations, null)) {
            s.map(ObjectInfo::key).filter(k -> k.endsWith("/manifest.json")).forEach(k -> {
                Manifest manifest = Manifest.parse(store.get(generations.resolve(k)).orElseThrow(), k);
                manifest.branches().stream().filter(b -> b.name().equals("main"))
                        .forEach(b -> heads.add(b.commitId()));
            });
        }
        return heads;
    }

    static boolean anyRunFailed(ApiClient sdk, String repo) {
        try {
            List<ActionRun> runs = new ActionsApi(sdk).listRepositoryRuns(repo).execute().getResults();
            return runs.stream().anyMatch(r -> r.getStatus() == ActionRun.StatusEnum.FAILED);
        } catch (io.lakefs.clients.sdk.ApiException e) {
            throw new AssertionError(e);
        }
    }

    static Path docs() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docs/examples"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository's docs/ directory").isNotNull();
        return dir.resolve("docs");
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + WAIT + " waiting for " + what);
            }
            Thread.sleep(200);
        }
    }
}
