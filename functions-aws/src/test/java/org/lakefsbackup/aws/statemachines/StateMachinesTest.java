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
import org.lakefsbackup.core.workflow.RestoreWorkflow;
import org.lakefsbackup.testkit.fault.FaultInjectingProxy;
import org.lakefsbackup.testkit.fault.FaultRule;
import org.lakefsbackup.testkit.lakefs.SampleRepository;
import org.lakefsbackup.testkit.lakefs.TaskHook;

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
    void aRestoreWhoseTasksAreAlwaysLostFailsCleansUpWhatItCreatedAndReports() throws Exception {
        f.sample().create("lost-repo", "s3://source/lost-repo");
        JsonNode backup = NodeRunner.execute(shim, "backup.asl.json", "lost-backup", Map.of("repository", "lost-repo"));
        assertThat(backup.get("status").asText()).as(backup.toString()).isEqualTo("SUCCEEDED");
        // every restore task's lakeFS node dies before it runs: the status is unknown and nothing is restored
        f.lakefs.setTaskHook((kind, repo, n) -> kind.equals("restore") ? TaskHook.Plan.LOSE : TaskHook.Plan.RUN);
        JsonNode restore;
        try {
            restore = NodeRunner.execute(shim, "restore.asl.json", "lost-restore", Map.of("repository", "lost-repo",
                    "target_repository", "lost-copy", "target_namespace", "s3://target/lost-copy"));
        } finally {
            f.lakefs.setTaskHook(TaskHook.NONE);
        }
        assertThat(restore.get("status").asText()).isEqualTo("FAILED");
        assertThat(restore.get("error").asText()).isEqualTo("org.lakefsbackup.core.error.TaskFailedException");
        assertThat(restore.has("retried") && restore.get("retried").has("PollRestore")).as("not retried").isFalse();
        assertThat(restore.at("/entered/SubmitRestore").asInt()).as("submitted again after each loss")
                .isEqualTo(RestoreWorkflow.MAX_REFS_ATTEMPTS);
        assertThat(restore.at("/entered/ResetTarget").asInt()).isEqualTo(RestoreWorkflow.MAX_REFS_ATTEMPTS - 1);
        assertThat(restore.at("/entered/CleanUp").asInt()).isEqualTo(1);
        assertThat(f.services.steps().lakefs().getRepository("lost-copy"))
                .as("the still-bare repository this run created is removed").isEmpty();
        JsonNode note = restore.get("notifications").get(0);
        assertThat(note.get("TopicArn").asText()).endsWith(":Failure");
        assertThat(note.at("/Message/error/Error").asText()).isEqualTo("org.lakefsbackup.core.error.TaskFailedException");
        assertThat(note.at("/Message/input/target_repository").asText()).as("the original input is kept")
                .isEqualTo("lost-copy");
    }

    @Test
    void aDrillWhoseRestoreFailedNotifiesOnceAsADrill() throws Exception {
        f.sample().create("drill-lost", "s3://source/drill-lost");
        JsonNode backup = NodeRunner.execute(shim, "backup.asl.json", "drill-lost-backup",
                Map.of("repository", "drill-lost"));
        assertThat(backup.get("status").asText()).as(backup.toString()).isEqualTo("SUCCEEDED");
        f.lakefs.setTaskHook((kind, repo, n) -> kind.equals("restore") ? TaskHook.Plan.LOSE : TaskHook.Plan.RUN);
        JsonNode drill;
        try {
            drill = NodeRunner.execute(shim, "drill.asl.json", "drill-lost-drill", Map.of("repository", "drill-lost",
                    "namespace_prefix", "s3://target/drills"));
        } finally {
            f.lakefs.setTaskHook(TaskHook.NONE);
        }
        assertThat(drill.get("status").asText()).as(drill.toString()).isEqualTo("FAILED");
        assertThat(drill.get("error").asText()).isEqualTo("org.lakefsbackup.core.error.TaskFailedException");
        assertThat(drill.at("/entered/Record").asInt()).as("the failed restore is recorded").isEqualTo(1);
        assertThat(drill.get("notifications")).as("the restore leaves the notification to the drill: one message, "
                + drill.get("notifications")).hasSize(1);
        assertThat(drill.at("/notifications/0/Message/workflow").asText()).isEqualTo("drill");
        assertThat(drill.at("/notifications/0/Message/error/Error").asText())
                .isEqualTo("org.lakefsbackup.core.error.TaskFailedException");
    }

    @Test
    void aRollingVerificationThatFindsAnObjectMissingFailsNotifiesOnceAndNamesTheKey() throws Exception {
        f.sample().create("rolling-bad", "s3://source/rolling-bad");
        JsonNode backup = NodeRunner.execute(shim, "backup.asl.json", "rolling-bad-backup",
                Map.of("repository", "rolling-bad"));
        assertThat(backup.get("status").asText()).as(backup.toString()).isEqualTo("SUCCEEDED");
        org.lakefsbackup.core.store.Location objects = org.lakefsbackup.core.store.Location.parse(
                "s3://backups/lakefs/rolling-bad/objects");
        var store = f.emulatorStorage.storeFor(objects);
        String lost;
        try (var held = store.list(objects, null)) {
            lost = held.map(org.lakefsbackup.core.store.ObjectInfo::key).findFirst().orElseThrow();
        }
        store.delete(objects.resolve(lost));

        JsonNode run = NodeRunner.execute(shim, "rolling-verify.asl.json", "rolling-bad-1",
                Map.of("repositories", java.util.List.of("rolling-bad"), "subsets", 7));
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("FAILED");
        assertThat(run.get("error").asText()).isEqualTo("org.lakefsbackup.core.error.VerificationFailedException");
        assertThat(run.get("cause").asText()).contains(lost);
        assertThat(run.get("notifications")).hasSize(1);
        assertThat(run.at("/notifications/0/Message/workflow").asText()).isEqualTo("rolling-verify");
        assertThat(run.at("/notifications/0/Message/input/subsets").asInt()).as("the original input").isEqualTo(7);
    }

    @Test
    void aRestoreStartedByHandStillNotifies() throws Exception {
        JsonNode restore = NodeRunner.execute(shim, "restore.asl.json", "restore-nothing", Map.of("repository",
                "never-backed-up", "target_namespace", "s3://target/never-backed-up"));
        assertThat(restore.get("status").asText()).isEqualTo("FAILED");
        assertThat(restore.get("notifications")).hasSize(1);
        assertThat(restore.at("/notifications/0/Message/workflow").asText()).isEqualTo("restore");
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
