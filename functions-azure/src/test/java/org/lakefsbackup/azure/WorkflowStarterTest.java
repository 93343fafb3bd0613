package org.lakefsbackup.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.config.Env;
import org.lakefsbackup.core.error.ConflictException;
import org.lakefsbackup.core.error.InvalidInputException;
import org.lakefsbackup.core.error.NotFoundException;
import org.lakefsbackup.core.model.Json;

/** What the HTTP starter and the timer trigger check before an orchestration starts. */
class WorkflowStarterTest {
    private final Map<String, String> env = new HashMap<>(Map.of(Env.BACKUP_LOCATION,
            "https://acct.blob.core.windows.net/backups/lakefs", AzureFunctionConfig.SCHEDULED_REPOSITORIES,
            "sales, ops", AzureFunctionConfig.SCHEDULED_COMMIT, "true"));
    private final WorkflowStarter starter = new WorkflowStarter(() -> AzureFunctionConfig.fromEnvironment(env));
    private final List<String> scheduled = new ArrayList<>();
    private final WorkflowStarter.Orchestrations client = new WorkflowStarter.Orchestrations() {
        @Override
        public boolean exists(String instanceId) {
            return instanceId.equals("taken");
        }

        @Override
        public String schedule(String name, JsonNode input, String instanceId) {
            scheduled.add(name + " " + instanceId + " " + input);
            return instanceId == null ? "generated" : instanceId;
        }
    };

    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    @Test
    void anInputBindsToTheWorkflowsRequestWithTheConfiguredBackupLocation() throws Exception {
        JsonNode input = starter.input("restore", json("{\"repository\": \"sales\", \"target_namespace\": "
                + "\"https://acct.blob.core.windows.net/restored/sales\"}"));
        assertThat(input.get("backup").asText()).isEqualTo("https://acct.blob.core.windows.net/backups/lakefs");
        assertThat(starter.start(client, "restore", input, "restore-sales-1")).isEqualTo("restore-sales-1");
        assertThat(scheduled).singleElement().asString().startsWith("restore restore-sales-1 ");
    }

    @Test
    void nothingStartsForAnUnknownWorkflowABadInputOrATakenInstanceId() throws Exception {
        assertThatThrownBy(() -> starter.input("drop-everything", null)).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("backup-all");
        assertThatThrownBy(() -> starter.input("backup", json("[1]"))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> starter.input("backup", json("{\"repository\": \"no/slashes\"}")))
                .isInstanceOf(InvalidInputException.class);
        JsonNode input = starter.input("backup", json("{\"repository\": \"sales\"}"));
        assertThatThrownBy(() -> starter.start(client, "backup", input, "taken")).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> starter.start(client, "backup", input, "not a run id!"))
                .isInstanceOf(InvalidInputException.class);
        assertThat(scheduled).isEmpty();
    }

    @Test
    void theScheduledRunBacksUpTheConfiguredRepositoriesOncePerOccurrence() {
        JsonNode input = starter.scheduledInput();
        assertThat(input.get("repositories").toString()).isEqualTo("[\"sales\",\"ops\"]");
        assertThat(input.get("commit_uncommitted").asBoolean()).isTrue();
        assertThat(WorkflowStarter.scheduledInstanceId(Instant.parse("2026-11-30T02:00:41Z")))
                .isEqualTo(WorkflowStarter.scheduledInstanceId(Instant.parse("2026-11-30T02:00:03Z")))
                .isEqualTo("backup-all-20261130T0200Z");
    }

    @Test
    void theScheduledRollingVerificationCoversTheScheduledRepositoriesWithTheConfiguredSubsets() {
        assertThat(AzureFunctionConfig.rollingVerifySubsets(env)).as("default").isEqualTo(7);
        env.put(AzureFunctionConfig.ROLLING_VERIFY_SUBSETS, "0");
        assertThat(AzureFunctionConfig.rollingVerifySubsets(env)).as("off").isZero();
        env.put(AzureFunctionConfig.ROLLING_VERIFY_SUBSETS, "-1");
        assertThatThrownBy(() -> AzureFunctionConfig.rollingVerifySubsets(env))
                .isInstanceOf(InvalidInputException.class);
        JsonNode input = starter.scheduledRollingVerifyInput(30);
        assertThat(input.get("subsets").asInt()).isEqualTo(30);
        assertThat(input.get("repositories")).extracting(JsonNode::asText).containsExactly("sales", "ops");
        assertThat(input.get("backup").asText()).isEqualTo("https://acct.blob.core.windows.net/backups/lakefs");
        java.time.Instant at = java.time.Instant.parse("2026-12-01T04:00:07Z");
        assertThat(WorkflowStarter.scheduledInstanceId("rolling-verify", at)).as("one run per occurrence")
                .isEqualTo("rolling-verify-20261201T0400Z");
    }

    @Test
    void aBadFanOutBatchIsRefused() {
        env.put(AzureFunctionConfig.FAN_OUT_BATCH, "0");
        assertThatThrownBy(() -> AzureFunctionConfig.fromEnvironment(env)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(AzureFunctionConfig.FAN_OUT_BATCH);
        env.remove(AzureFunctionConfig.FAN_OUT_BATCH);
        assertThat(AzureFunctionConfig.fromEnvironment(env).fanOutBatch()).isEqualTo(100);
    }
}
