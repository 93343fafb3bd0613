package org.lakefsbackup.aws.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.aws.AwsFixture;
import org.lakefsbackup.aws.AwsFixtureTest;
import org.lakefsbackup.core.error.ConflictException;
import org.lakefsbackup.core.error.CopyIncompleteException;
import org.lakefsbackup.core.error.InvalidInputException;
import org.lakefsbackup.core.error.NotFoundException;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.testkit.lakefs.SampleRepository;

/**
 * Every handler, invoked as Lambda invokes it (a JSON payload in, a JSON document out), chained as the state
 * machines chain them, against the lakeFS emulator and the embedded S3 server.
 */
class HandlersTest extends AwsFixtureTest {

    @Test
    void aBackupThenARestoreThroughTheHandlersReproducesTheCommitIds() throws Exception {
        SampleRepository.Created src = f.sample().create("handlers-repo", "s3://source/handlers-repo");
        String exec = "backup-exec-1";
        ObjectNode request = Json.mapper().createObjectNode().put("repository", "handlers-repo");
        JsonNode prepared = AwsFixture.invoke(new PrepareBackupHandler(s), exec, request);
        assertThat(prepared.at("/run/backup").asText()).isEqualTo("s3://backups/lakefs");
        prepared = AwsFixture.invoke(new CommitUncommittedHandler(s), exec, prepared);
        JsonNode run = prepared.get("run");
        f.lakefs.setTaskDelay(Duration.ofMillis(200));
        JsonNode task = AwsFixture.invoke(new SubmitDumpHandler(s), exec, run);
        JsonNode poll = AwsFixture.invoke(new PollDumpHandler(s), exec, task);
        int polls = 1;
        while (!poll.get("done").asBoolean()) {
            Thread.sleep(100);
            poll = AwsFixture.invoke(new PollDumpHandler(s), exec, task);
            polls++;
        }
        f.lakefs.setTaskDelay(Duration.ZERO);
        assertThat(polls).as("the dump was still running at the first poll").isGreaterThan(1);
        assertThat(poll.get("consistent").asBoolean()).isTrue();

        JsonNode plan = AwsFixture.invoke(new PlanBackupHandler(s), exec, run);
        int chunks = plan.at("/plan/chunks").asInt();
        assertThat(chunks).isGreaterThan(1);
        assertThat(plan.get("items_bucket").asText()).isEqualTo("backups");
        JsonNode items = read("s3://backups/" + plan.get("items_key").asText());
        assertThat(items).hasSize(chunks);
        assertThat(items.get(chunks - 1).get("chunk").asInt()).isEqualTo(chunks - 1);

        JsonNode writer = copyAllAsTheDistributedMapDoes(plan, exec);
        JsonNode totals = AwsFixture.invoke(new SummarizeCopyHandler(s), exec, Json.mapper().createObjectNode()
                .put("bucket", writer.get("Bucket").asText()).put("key", writer.get("Key").asText())
                .set("plan", plan.get("plan")));
        assertThat(totals.at("/copy/copied").asLong()).isEqualTo(plan.at("/plan/copy_objects").asLong()).isPositive();
        assertThat(totals.at("/copy/failed").asLong()).isZero();

        JsonNode verifiedBackup = AwsFixture.invoke(new VerifyBackupHandler(s), exec, run);
        assertThat(verifiedBackup.get("done").asBoolean()).isTrue();
        assertThat(verifiedBackup.at("/result/missing").asLong()).isZero();
        JsonNode generation = AwsFixture.invoke(new CommitGenerationHandler(s), exec, run);
        assertThat(generation.get("generation").asText()).isEqualTo(run.get("run_id").asText());
        assertThat(generation.get("branches").asInt()).isEqualTo(src.branches().size());

        String rexec = "restore-exec-1";
        ObjectNode restoreRequest = Json.mapper().createObjectNode().put("repository", "handlers-repo")
                .put("target_repository", "handlers-copy").put("target_namespace", "s3://target/handlers-copy");
        JsonNode restore = AwsFixture.invoke(new PrepareRestoreHandler(s), rexec, restoreRequest);
        assertThat(restore.get("generation").asText()).isEqualTo(generation.get("generation").asText());
        restore = AwsFixture.invoke(new CreateBareRepositoryHandler(s), rexec, restore);
        JsonNode rplan = AwsFixture.invoke(new PlanRestoreHandler(s), rexec, restore);
        JsonNode rwriter = copyAllAsTheDistributedMapDoes(rplan, rexec);
        AwsFixture.invoke(new SummarizeCopyHandler(s), rexec, Json.mapper().createObjectNode()
                .put("bucket", rwriter.get("Bucket").asText()).put("key", rwriter.get("Key").asText())
                .set("plan", rplan.get("plan")));
        JsonNode rtask = AwsFixture.invoke(new SubmitRestoreHandler(s), rexec, restore);
        JsonNode rpoll;
        do {
            rpoll = AwsFixture.invoke(new PollRestoreHandler(s), rexec, Json.mapper().createObjectNode()
                    .<ObjectNode>set("restore", restore).set("task", rtask));
        } while (!rpoll.get("done").asBoolean());
        AwsFixture.invoke(new ApplySettingsHandler(s), rexec, restore);
        JsonNode verified = AwsFixture.invoke(new VerifyRestoreHandler(s), rexec, restore);
        assertThat(verified.get("commits").asLong()).isEqualTo(generation.get("commits").asLong());

        var copy = f.sample();
        for (var b : src.branches().entrySet()) {
            assertThat(new io.lakefs.clients.sdk.BranchesApi(f.sdk()).getBranch("handlers-copy", b.getKey())
                    .execute().getCommitId()).as(b.getKey()).isEqualTo(b.getValue());
        }
        for (var e : src.mainObjects().entrySet()) {
            assertThat(copy.read("handlers-copy", "main", e.getKey())).isEqualTo(e.getValue());
        }
        assertThat(f.secretFetches.get()).as("the secret is fetched once per execution environment").isEqualTo(1);
        assertThat(f.metrics()).contains("\"ObjectsCopied\"").contains("\"correlation_id\":\"backup-exec-1\"")
                .contains("\"StepDuration\"").doesNotContain(AwsFixture.SECRET);
    }

    @Test
    void listRepositoriesReturnsAllOrChecksTheNamedOnes() {
        f.sample().create("list-a", "s3://source/list-a");
        f.sample().create("list-b", "s3://source/list-b");
        JsonNode all = AwsFixture.invoke(new ListRepositoriesHandler(s), "x", Map.of());
        assertThat(names(all)).contains("list-a", "list-b");
        JsonNode named = AwsFixture.invoke(new ListRepositoriesHandler(s), "x", Map.of("repositories", List.of("list-b"),
                "commit_uncommitted", true));
        assertThat(names(named)).containsExactly("list-b");
        assertThat(named.get("backups").get(0).get("repository").asText()).isEqualTo("list-b");
        assertThat(named.get("backups").get(0).get("backup").asText()).isEqualTo("s3://backups/lakefs");
        assertThat(named.get("backups").get(0).get("commit_uncommitted").asBoolean()).isTrue();
        assertThatThrownBy(() -> AwsFixture.invoke(new ListRepositoriesHandler(s), "x",
                Map.of("repositories", List.of("no-such-repo")))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void failuresAreThrownAsTheCoresTypedExceptions() {
        assertThatThrownBy(() -> AwsFixture.invoke(new PrepareBackupHandler(s), "x",
                Map.of("repository", "missing-repo"))).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("missing-repo");
        assertThatThrownBy(() -> AwsFixture.invoke(new PrepareBackupHandler(s), "x",
                Map.of("repository", "Bad Name!"))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> AwsFixture.invokeRaw(new PollDumpHandler(s), "not json"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> AwsFixture.invoke(new PrepareRestoreHandler(s), "x", Map.of("repository", "nothing",
                "target_namespace", "s3://target/nothing"))).isInstanceOf(NotFoundException.class);
        assertThat(f.metrics()).contains("\"StepFailed\"");
    }

    @Test
    void aRestoreThatFailsAfterCreatingTheRepositoryIsCleanedUp() {
        f.sample().create("cleanup-repo", "s3://source/cleanup-repo");
        JsonNode run = AwsFixture.invoke(new PrepareBackupHandler(s), "b", Map.of("repository", "cleanup-repo"))
                .get("run");
        backupQuickly(run);
        JsonNode restore = AwsFixture.invoke(new PrepareRestoreHandler(s), "r", Map.of("repository", "cleanup-repo",
                "target_repository", "cleanup-copy", "target_namespace", "s3://target/cleanup-copy"));
        AwsFixture.invoke(new CreateBareRepositoryHandler(s), "r", restore);
        // another writer puts a different object where the restore must copy one: the plan refuses to overwrite it
        String someKey = firstInventoryKey(run);
        Location clash = Location.parse("s3://target/cleanup-copy/" + someKey);
        s.storage().storeFor(clash).put(clash, "not the backed-up bytes, longer than before".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> AwsFixture.invoke(new PlanRestoreHandler(s), "r", restore))
                .isInstanceOf(ConflictException.class);
        JsonNode cleaned = AwsFixture.invoke(new CleanupRestoreHandler(s), "r", restore);
        assertThat(cleaned.get("deleted").asBoolean()).isTrue();
        assertThat(s.steps().lakefs().getRepository("cleanup-copy")).isEmpty();
    }

    @Test
    void summarizeReportsFailedObjectsAsCopyIncomplete() {
        String prefix = "results/incomplete";
        String summary = "{\"copied\":2,\"failed\":1,\"bytes_copied\":10,\"retries\":4,\"failures\":[{\"key\":\"data/x\","
                + "\"code\":\"THROTTLED\",\"message\":\"slow down\"}]}";
        put("s3://backups/" + prefix + "/SUCCEEDED_0.json", "[{\"Status\":\"SUCCEEDED\",\"Output\":"
                + Json.mapper().valueToTree(summary) + "}]");
        put("s3://backups/" + prefix + "/manifest.json", "{\"ResultFiles\":{\"SUCCEEDED\":[{\"Key\":\"" + prefix
                + "/SUCCEEDED_0.json\"}],\"FAILED\":[],\"PENDING\":[]}}");
        assertThatThrownBy(() -> AwsFixture.invoke(new SummarizeCopyHandler(s), "x",
                Map.of("bucket", "backups", "key", prefix + "/manifest.json")))
                .isInstanceOf(CopyIncompleteException.class).hasMessageContaining("data/x");
    }

    private void backupQuickly(JsonNode run) {
        JsonNode task = AwsFixture.invoke(new SubmitDumpHandler(s), "b", run);
        while (!AwsFixture.invoke(new PollDumpHandler(s), "b", task).get("done").asBoolean()) {
            Thread.onSpinWait();
        }
        JsonNode plan = AwsFixture.invoke(new PlanBackupHandler(s), "b", run);
        copyAllAsTheDistributedMapDoes(plan, "b");
        AwsFixture.invoke(new VerifyBackupHandler(s), "b", run);
        AwsFixture.invoke(new CommitGenerationHandler(s), "b", run);
    }

    private String firstInventoryKey(JsonNode run) {
        Location objects = Location.parse(run.get("backup").asText()).resolve(run.get("repository").asText())
                .resolve("objects");
        try (var list = s.storage().storeFor(objects).list(objects, null)) {
            return list.filter(o -> o.key().startsWith("data/")).findFirst().orElseThrow().key();
        }
    }

    private static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.get("repositories").forEach(n -> out.add(n.asText()));
        return out;
    }
}
