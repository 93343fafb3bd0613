package org.lakefsbackup.aws.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.aws.AwsFixture;
import org.lakefsbackup.aws.AwsFixtureTest;
import org.lakefsbackup.aws.AwsFunctionConfig;
import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.core.config.Env;
import org.lakefsbackup.core.error.InvalidInputException;
import org.lakefsbackup.core.error.NotFoundException;
import org.lakefsbackup.core.error.UnauthorizedException;
import org.lakefsbackup.core.copy.ProgressListener;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.retry.Sleeper;
import org.lakefsbackup.core.step.BackupRequest;
import org.lakefsbackup.core.step.Generations;
import org.lakefsbackup.core.step.StepCatalog;
import org.lakefsbackup.core.workflow.BackupWorkflow;
import org.lakefsbackup.core.workflow.InProcessRunner;

/**
 * The one Lambda handler: what it accepts and refuses, what it adds to the catalog's steps (input defaults, the
 * Distributed Map's items, metrics with the execution as correlation id), and what it never does (fetch the lakeFS
 * secret for a step that does not call lakeFS, print the secret). The workflows themselves are tested by the scenario
 * table ({@code StateMachineWorkflowScenariosTest}).
 */
class StepFunctionHandlerTest extends AwsFixtureTest {

    @Test
    void everyCatalogStepIsAnAwsStepAndTheAwsOnlyStepsAreTheCopys() {
        List<String> aws = AwsSteps.all().stream().map(AwsStep::name).toList();
        assertThat(aws).containsAll(StepCatalog.all().stream().map(s -> s.name()).toList());
        assertThat(aws).hasSize(StepCatalog.all().size() + 3)
                .contains("summarize-copy", "create-batch-copy-job", "poll-batch-copy-job");
    }

    @Test
    void aPayloadMustNameAStepThisFunctionRuns() {
        assertThatThrownBy(() -> AwsFixture.invokeRaw(new StepFunctionHandler(s), "not json"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> AwsFixture.invokeRaw(new StepFunctionHandler(s), "{\"input\":{}}"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("names no step");
        assertThatThrownBy(() -> f.invoke("no-such-step", "x", Map.of()))
                .isInstanceOf(InvalidInputException.class);
        try (FunctionServices onlyCopies = f.services(f.env(Map.of(AwsFunctionConfig.STEPS, "copy-chunk")))) {
            assertThatThrownBy(() -> AwsFixture.invoke(new StepFunctionHandler(onlyCopies), "prepare-backup", "x",
                    Map.of("repository", "any-repo"))).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("runs [copy-chunk], not 'prepare-backup'");
        }
        assertThatThrownBy(() -> f.invoke("prepare-backup", "x", Map.of("repository", "Bad Name!")))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void failuresAreTheCoresTypedExceptionsAndAreCounted() {
        assertThatThrownBy(() -> f.invoke("prepare-backup", "missing-exec", Map.of("repository", "missing-repo",
                "run_id", "missing-exec", "started_at", "2026-11-30T10:00:00Z")))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("missing-repo");
        assertThat(f.metrics()).contains("\"StepFailed\"").contains("\"correlation_id\":\"missing-exec\"");
    }

    @Test
    void theBackupLocationDefaultsToTheFunctionsAndTheRunIdToTheExecutions() {
        f.sample().create("defaults-repo", "s3://source/defaults-repo");
        JsonNode prepared = f.invoke("prepare-backup", "nightly-42", Map.of("repository", "defaults-repo",
                "run_id", "nightly-42", "started_at", "2026-11-30T10:00:00Z"));
        assertThat(prepared.at("/run/backup").asText()).isEqualTo("s3://backups/lakefs");
        assertThat(prepared.at("/run/owner").asText()).isEqualTo("nightly-42");
        assertThat(prepared.at("/run/run_id").asText()).startsWith("20261130T100000000Z-");
        f.invoke("abandon-backup", "nightly-42", prepared.get("run"));
    }

    @Test
    void aStepThatNeverCallsLakeFsNeverFetchesTheSecret() throws Exception {
        int before = f.secretFetches.get();
        try (FunctionServices storeOnly = f.services(f.env(Map.of(AwsFunctionConfig.STEPS, "summarize-copy")))) {
            String prefix = "results/store-only";
            put("s3://backups/" + prefix + "/manifest.json", "{\"ResultFiles\":{\"SUCCEEDED\":[],\"FAILED\":[],"
                    + "\"PENDING\":[]}}");
            JsonNode totals = AwsFixture.invoke(new StepFunctionHandler(storeOnly), "summarize-copy", "x",
                    Map.of("bucket", "backups", "key", prefix + "/manifest.json"));
            assertThat(totals.at("/copy/copied").asLong()).isZero();
        }
        assertThat(f.secretFetches.get()).isEqualTo(before);
        FunctionServices noSecret = FunctionServices.create(AwsFunctionConfig.fromEnvironment(Map.of(
                AwsFunctionConfig.STEPS, "list-repositories", Env.S3_REGION, "us-east-1")), () -> {
                    throw new UnauthorizedException("no secret here", null);
                });
        assertThatThrownBy(() -> AwsFixture.invoke(new StepFunctionHandler(noSecret), "list-repositories", "x",
                Map.of("backup", "s3://backups/x"))).isInstanceOf(UnauthorizedException.class);
        noSecret.close();
    }

    @Test
    void aCopyIncompleteOnlyFromThrottlingIsReportedAsThrottled() {
        String prefix = "results/throttled";
        String summary = "{\"copied\":2,\"failed\":1,\"bytes_copied\":10,\"retries\":4,\"retryable_failures\":1,"
                + "\"failures\":[{\"key\":\"data/x\",\"code\":\"THROTTLED\",\"message\":\"slow down\"}]}";
        put("s3://backups/" + prefix + "/SUCCEEDED_0.json", "[{\"Status\":\"SUCCEEDED\",\"Output\":"
                + org.lakefsbackup.core.model.Json.mapper().valueToTree(summary) + "}]");
        put("s3://backups/" + prefix + "/manifest.json", "{\"ResultFiles\":{\"SUCCEEDED\":[{\"Key\":\"" + prefix
                + "/SUCCEEDED_0.json\"}],\"FAILED\":[],\"PENDING\":[]}}");
        assertThatThrownBy(() -> f.invoke("summarize-copy", "x", Map.of("bucket", "backups", "key",
                prefix + "/manifest.json"))).isInstanceOf(org.lakefsbackup.core.error.ThrottledException.class)
                .hasMessageContaining("data/x");
    }

    @Test
    void theSecretIsFetchedOnceAndNeverPrinted() {
        f.sample().create("secret-repo", "s3://source/secret-repo");
        f.invoke("list-repositories", "x", Map.of("repositories", List.of("secret-repo")));
        f.invoke("list-repositories", "x", Map.of());
        assertThat(f.secretFetches.get()).isEqualTo(1);
        assertThat(f.metrics()).doesNotContain(AwsFixture.SECRET);
    }

    @Test
    void anOperatorListsTheGenerationsWithTheListGenerationsFunction() {
        f.sample().create("listed-repo", "s3://source/listed-repo");
        new InProcessRunner(f.services.steps(), Sleeper.SYSTEM, ProgressListener.NONE, InProcessRunner.Listener.NONE)
                .run(new BackupWorkflow(), new BackupRequest("listed-repo", "s3://backups/lakefs", false));
        int secretFetches = f.secretFetches.get();
        try (FunctionServices lister = f.services(f.env(Map.of(AwsFunctionConfig.STEPS, "list-generations")))) {
            StepFunctionHandler handler = new StepFunctionHandler(lister);
            JsonNode listed = AwsFixture.invoke(handler, "list-generations", "console-test",
                    Map.of("repository", "listed-repo"));
            assertThat(listed.get("location").asText()).as("the function's backup location by default")
                    .isEqualTo("s3://backups/lakefs");
            assertThat(listed.get("generations")).hasSize(1);
            JsonNode generation = listed.get("generations").get(0);
            assertThat(generation.get("repository").asText()).isEqualTo("listed-repo");
            assertThat(generation.get("objects").asLong()).isPositive();
            assertThat(generation.get("generation").asText())
                    .isEqualTo(new Generations(lister.storage()).list(new BackupLayout(
                            org.lakefsbackup.core.store.Location.parse("s3://backups/lakefs"), "listed-repo"))
                            .get(0).value());
            assertThatThrownBy(() -> AwsFixture.invoke(handler, "list-generations", "console-test",
                    Map.of("repository", "never-backed-up"))).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("no committed generation of never-backed-up")
                    .hasMessageContaining("listed-repo");
        }
        assertThat(f.secretFetches.get()).as("listing reads only the backups").isEqualTo(secretFetches);
    }

    @Test
    void theRpoCheckPublishesTheAgeOfEachRepositorysNewestBackupAndHowManyAreOverTheWindow() throws Exception {
        f.sample().create("rpo-repo", "s3://source/rpo-repo");
        new InProcessRunner(f.services.steps(), Sleeper.SYSTEM, ProgressListener.NONE, InProcessRunner.Listener.NONE)
                .run(new BackupWorkflow(), new BackupRequest("rpo-repo", "s3://backups/rpo", false));
        int secretFetches = f.secretFetches.get();
        try (FunctionServices checker = f.services(f.env(Map.of(AwsFunctionConfig.STEPS, "check-backup-ages")))) {
            String before = f.metrics();
            org.lakefsbackup.core.store.StoreStats requestsBefore = checker.storage().stats();
            // the payload the RpoSchedule sends (infra/aws/template.yaml)
            JsonNode ages = AwsFixture.invoke(new StepFunctionHandler(checker), "check-backup-ages", "rpo-check",
                    Map.of("backup", "s3://backups/rpo", "repositories", List.of("rpo-repo", "rpo-never"),
                            "rpo_window_hours", 26));
            assertThat(ages.get("repositories")).extracting(r -> r.get("repository").asText())
                    .containsExactly("rpo-never", "rpo-repo");
            assertThat(ages.at("/repositories/1/over_rpo").asBoolean()).isFalse();
            assertThat(ages.at("/repositories/1/hours_since_last_backup").asDouble()).isLessThan(1.0);
            assertThat(ages.at("/repositories/0/over_rpo").asBoolean()).isTrue();
            List<JsonNode> emf = new java.util.ArrayList<>();
            for (String line : f.metrics().substring(before.length()).split("\n")) {
                JsonNode doc = org.lakefsbackup.core.model.Json.mapper().readTree(line);
                if (doc.has("_aws") && doc.path("Function").asText().equals("check-backup-ages")) {
                    emf.add(doc);
                }
            }
            JsonNode location = emf.stream().filter(d -> !d.has("Repository")).findFirst().orElseThrow();
            assertThat(location.get("RepositoriesOverRpo").asDouble()).as("rpo-never was never backed up")
                    .isEqualTo(1.0);
            assertThat(location.get("RepositoriesChecked").asDouble()).isEqualTo(2.0);
            assertThat(location.at("/_aws/CloudWatchMetrics/0/Dimensions/0")).extracting(JsonNode::asText)
                    .containsExactly("Function");
            JsonNode repo = emf.stream().filter(d -> d.path("Repository").asText().equals("rpo-repo")).findFirst()
                    .orElseThrow();
            assertThat(repo.get("HoursSinceLastBackup").asDouble()).isLessThan(1.0);
            assertThat(repo.at("/_aws/CloudWatchMetrics/0/Metrics/0/Unit").asText()).isEqualTo("None");
            assertThat(emf).noneMatch(d -> d.path("Repository").asText().equals("rpo-never"));
            // the step's S3 requests by operation ride along as a log property (for a run's totals in Logs Insights)
            Map<String, Long> sent = checker.storage().stats().minus(requestsBefore).requestsByType();
            assertThat(sent).as("the check lists and reads the backups").containsKey("ListObjectsV2");
            Map<String, Long> logged = new java.util.TreeMap<>();
            location.path("store_requests").fields().forEachRemaining(e -> logged.put(e.getKey(), e.getValue().asLong()));
            assertThat(logged).isEqualTo(new java.util.TreeMap<>(sent));
            assertThat(location.at("/_aws/CloudWatchMetrics/0/Metrics").findValuesAsText("Name"))
                    .as("not a metric").doesNotContain("store_requests", "ListObjectsV2");
        }
        assertThat(f.secretFetches.get()).as("the check reads only the backups").isEqualTo(secretFetches);
    }
}
