package org.lakefsbackup.aws.statemachines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakefs.clients.sdk.ApiClient;
import io.lakefs.clients.sdk.TagsApi;
import io.lakefs.clients.sdk.model.Ref;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.lakefsbackup.aws.AwsFixture;
import org.lakefsbackup.aws.AwsFunctionConfig;
import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.testkit.fault.FaultInjectingProxy;
import org.lakefsbackup.testkit.fault.FaultRule;
import org.lakefsbackup.testkit.lakefs.SampleRepository;

/**
 * The real definitions executed by aws-local-stepfunctions (Node 22), every Lambda Task calling the real handler
 * classes through {@link LambdaShim}, against the lakeFS emulator and the embedded S3 server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StateMachinesTest {
    AwsFixture f;
    LambdaShim shim;

    @BeforeAll
    void start() throws Exception {
        NodeRunner.node();
        f = new AwsFixture();
        shim = new LambdaShim(f.services);
    }

    @AfterAll
    void stop() {
        shim.close();
        f.close();
    }

    @Test
    void aBackupThenARestoreThroughTheStateMachinesReproducesEveryCommitId() throws Exception {
        SampleRepository.Created src = f.sample().create("sfn-repo", "s3://source/sfn-repo");
        f.lakefs.setTaskDelay(Duration.ofMillis(300));
        JsonNode backup;
        try {
            backup = NodeRunner.execute(shim, "backup.asl.json", "nightly-sfn-repo", Map.of("repository", "sfn-repo"));
        } finally {
            f.lakefs.setTaskDelay(Duration.ZERO);
        }
        assertThat(backup.get("status").asText()).as(backup.toString()).isEqualTo("SUCCEEDED");
        JsonNode generation = backup.get("output");
        assertThat(generation.get("repository").asText()).isEqualTo("sfn-repo");
        assertThat(generation.get("copied_objects").asLong()).isEqualTo(generation.get("objects").asLong()).isPositive();
        assertThat(backup.at("/entered/PollDump").asInt()).as("the dump is polled until done").isGreaterThan(1);
        assertThat(backup.at("/entered/WaitForDump").asInt()).isGreaterThan(1);
        assertThat(backup.at("/entered/CopyChunk").asInt()).as("one copy per plan chunk")
                .isEqualTo((int) Math.ceil(generation.get("objects").asLong() / 3.0));
        assertThat(exists("s3://backups/" + manifestKey(generation))).isTrue();

        JsonNode restore = NodeRunner.execute(shim, "restore.asl.json", "clone-sfn-repo", Map.of(
                "repository", "sfn-repo", "target_repository", "sfn-copy", "target_namespace", "s3://target/sfn-copy"));
        assertThat(restore.get("status").asText()).as(restore.toString()).isEqualTo("SUCCEEDED");
        assertThat(restore.at("/output/generation").asText()).isEqualTo(generation.get("generation").asText());
        ApiClient sdk = f.sdk();
        assertThat(heads("sfn-copy")).as("every branch head, hidden ones too").isEqualTo(heads("sfn-repo"))
                .containsAllEntriesOf(src.branches());
        assertThat(tags(sdk, "sfn-copy")).isEqualTo(tags(sdk, "sfn-repo"));
        for (var e : src.mainObjects().entrySet()) {
            assertThat(f.sample().read("sfn-copy", "main", e.getKey())).isEqualTo(e.getValue());
        }
        assertThat(restore.get("notifications")).isEmpty();
    }

    @Test
    void backupAllStartsOneBackupPerRepositoryAndWaitsForEach() throws Exception {
        for (String r : List.of("all-one", "all-two", "all-three")) {
            f.sample().create(r, "s3://source/" + r);
        }
        JsonNode all = NodeRunner.execute(shim, "backup-all.asl.json", "backup-all-1",
                Map.of("repositories", List.of("all-one", "all-two", "all-three"), "backup", "s3://backups/all"));
        assertThat(all.get("status").asText()).as(all.toString()).isEqualTo("SUCCEEDED");
        assertThat(all.get("output")).hasSize(3);
        for (JsonNode r : all.get("output")) {
            assertThat(r.get("failed").asBoolean()).isFalse();
            assertThat(exists("s3://backups/all/" + r.get("repository").asText() + "/generations/"
                    + r.get("generation").asText() + "/manifest.json")).isTrue();
        }
        assertThat(all.at("/entered/StartBackup").asInt()).isEqualTo(3);
    }

    @Test
    void smallPlanAndVerifyBudgetsMakeTheDefinitionsLoopAndTheRoundTripStillVerifies() throws Exception {
        SampleRepository.Created src = f.sample().create("budget-repo", "s3://source/budget-repo");
        try (FunctionServices budgeted = f.services(f.env(Map.of(org.lakefsbackup.core.config.Env.PLAN_BATCH_OBJECTS, "2",
                org.lakefsbackup.core.config.Env.VERIFY_BATCH_OBJECTS, "3")));
             LambdaShim budgetedShim = new LambdaShim(budgeted)) {
            JsonNode backup = NodeRunner.execute(budgetedShim, "backup.asl.json", "budget-backup",
                    Map.of("repository", "budget-repo"));
            assertThat(backup.get("status").asText()).as(backup.toString()).isEqualTo("SUCCEEDED");
            JsonNode generation = backup.get("output");
            long objects = generation.get("objects").asLong();
            assertThat(objects).isGreaterThan(4);
            assertThat(generation.get("copied_objects").asLong()).isEqualTo(objects);
            assertThat(backup.at("/entered/Plan").asInt()).as("one plan invocation per 2 objects")
                    .isEqualTo((int) Math.ceil(objects / 2.0));
            assertThat(backup.at("/entered/PlanContinue").asInt()).isEqualTo(backup.at("/entered/Plan").asInt() - 1);
            assertThat(backup.at("/entered/Verify").asInt()).as("one verify invocation per 3 objects")
                    .isGreaterThan(1).isEqualTo((int) Math.ceil(objects / 3.0));
            assertThat(backup.at("/entered/VerifyContinue").asInt())
                    .isEqualTo(backup.at("/entered/Verify").asInt() - 1);
            assertThat(exists("s3://backups/" + manifestKey(generation))).isTrue();

            JsonNode restore = NodeRunner.execute(budgetedShim, "restore.asl.json", "budget-restore", Map.of(
                    "repository", "budget-repo", "target_repository", "budget-copy",
                    "target_namespace", "s3://target/budget-copy"));
            assertThat(restore.get("status").asText()).as(restore.toString()).isEqualTo("SUCCEEDED");
            assertThat(restore.at("/entered/Plan").asInt()).as("the restore plan loops too").isGreaterThan(1);
            assertThat(heads("budget-copy")).isEqualTo(heads("budget-repo")).containsAllEntriesOf(src.branches());
            for (var e : src.mainObjects().entrySet()) {
                assertThat(f.sample().read("budget-copy", "main", e.getKey())).isEqualTo(e.getValue());
            }
        }
    }

    @Test
    void aRetryableFailureIsRetriedByTheDefinition() throws Exception {
        f.sample().create("flaky-repo", "s3://source/flaky-repo");
        URI upstream = URI.create(f.lakefs.endpoint().replace("/api/v1", ""));
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(upstream, FaultInjectingProxy.Mode.LAKEFS, 1);
             FunctionServices flaky = f.services(f.env(Map.of(org.lakefsbackup.core.config.Env.LAKEFS_ENDPOINT,
                     proxy.endpoint() + "/api/v1")));
             LambdaShim flakyShim = new LambdaShim(flaky)) {
            proxy.rules(FaultRule.slowDown(1.0).onlyMethods("POST").onlyTargets("/dump$").onNthRequest(1));
            JsonNode backup = NodeRunner.execute(flakyShim, "backup.asl.json", "flaky-1",
                    Map.of("repository", "flaky-repo"));
            assertThat(backup.get("status").asText()).as(backup.toString()).isEqualTo("SUCCEEDED");
            assertThat(backup.at("/retried/SubmitDump").asInt()).as("the 503 was retried").isEqualTo(1);
            assertThat(proxy.faultsInjected()).isEqualTo(1);
            assertThat(flakyShim.invocations.get("SubmitDumpFunction")).isEqualTo(2);
        }
    }

    @Test
    void aNonRetryableFailureIsCaughtCleanedUpAndReported() throws Exception {
        f.sample().create("lost-repo", "s3://source/lost-repo");
        JsonNode backup = NodeRunner.execute(shim, "backup.asl.json", "lost-backup", Map.of("repository", "lost-repo"));
        assertThat(backup.get("status").asText()).as(backup.toString()).isEqualTo("SUCCEEDED");
        f.lakefs.setTasksLost(true);
        JsonNode restore;
        try {
            restore = NodeRunner.execute(shim, "restore.asl.json", "lost-restore", Map.of("repository", "lost-repo",
                    "target_repository", "lost-copy", "target_namespace", "s3://target/lost-copy"));
        } finally {
            f.lakefs.setTasksLost(false);
        }
        assertThat(restore.get("status").asText()).isEqualTo("FAILED");
        assertThat(restore.get("error").asText()).isEqualTo("org.lakefsbackup.core.error.TaskLostException");
        assertThat(restore.has("retried") && restore.get("retried").has("PollRestore")).as("not retried").isFalse();
        assertThat(restore.at("/entered/CleanUp").asInt()).isEqualTo(1);
        assertThat(f.services.steps().lakefs().getRepository("lost-copy")).as("the partial repository is removed")
                .isEmpty();
        JsonNode note = restore.get("notifications").get(0);
        assertThat(note.get("TopicArn").asText()).endsWith(":Failure");
        assertThat(note.at("/Message/error/Error").asText()).isEqualTo("org.lakefsbackup.core.error.TaskLostException");
        assertThat(note.at("/Message/input/target_repository").asText()).as("the original input is kept")
                .isEqualTo("lost-copy");
    }

    @Test
    void aFailedBackupIsReportedWithItsErrorName() throws Exception {
        JsonNode backup = NodeRunner.execute(shim, "backup.asl.json", "missing", Map.of("repository", "no-such-repo"));
        assertThat(backup.get("status").asText()).isEqualTo("FAILED");
        assertThat(backup.get("error").asText()).isEqualTo("org.lakefsbackup.core.error.NotFoundException");
        assertThat(backup.at("/notifications/0/Message/input/repository").asText()).isEqualTo("no-such-repo");
    }

    private static String manifestKey(JsonNode generation) {
        return Location.parse(generation.get("manifest").asText()).key();
    }

    private boolean exists(String uri) {
        Location l = Location.parse(uri);
        return f.services.storage().storeFor(l).head(l).isPresent();
    }

    private Map<String, String> heads(String repo) {
        Map<String, String> out = new TreeMap<>();
        try (var branches = f.services.steps().lakefs().listBranches(repo, true)) {
            branches.forEach(b -> out.put(b.name(), b.commitId()));
        }
        return out;
    }

    private static Map<String, String> tags(ApiClient sdk, String repo) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (Ref r : new TagsApi(sdk).listTags(repo).amount(1000).execute().getResults()) {
            out.put(r.getId(), r.getCommitId());
        }
        return out;
    }
}
