package org.lakefsbackup.azure.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.azure.AzureFunctionConfig;
import org.lakefsbackup.azure.functions.GenerationsQuery;
import org.lakefsbackup.core.config.Env;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.core.error.InvalidInputException;
import org.lakefsbackup.core.error.NotFoundException;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.testkit.lakefs.SampleRepository;
import org.lakefsbackup.testkit.workflow.ScenarioFixture;
import org.lakefsbackup.testkit.workflow.WorkflowHost;
import org.lakefsbackup.testkit.workflow.WorkflowScenarios;

/**
 * The scenario table on the Azure host: the Durable orchestrations of {@code functions-azure} replayed in-process
 * through durabletask's {@code OrchestrationRunner}, their activities running the real activity code against the
 * lakeFS emulator and the embedded S3 server, every episode replayed twice and compared (determinism). The
 * activities run with the role conditions of their identities ({@link RbacConditions}): only prune's and the drill
 * clean-up's deletes go beyond run scratch, on the maintenance identity. One scenario
 * of the Durable host's own: a copy fan-out larger than one history's batch.
 */
class DurableWorkflowScenariosTest extends WorkflowScenarios {
    @Override
    protected WorkflowHost host(ScenarioFixture fixture) {
        // each activity on the identity the Bicep gives it, with that identity's role conditions
        return new DurableHost(Storage.of(RbacConditions.functionIdentity(fixture.store)),
                Storage.of(RbacConditions.maintenanceIdentity(fixture.store)), fixture.lakefs.endpoint(), ScenarioFixture.KEY,
                ScenarioFixture.SECRET, DurableHost.settings(fixture.lakefs.endpoint(), ScenarioFixture.BACKUP),
                (step, repository, instance, metrics, millis, failed) -> recorded.addAll(metrics));
    }

    /** Every metric the activities recorded. */
    private final java.util.List<org.lakefsbackup.core.step.StepMetric> recorded =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    @Test
    void theRpoCheckTellsEachRepositorysBackupAgeAndRecordsItsMetrics() throws Exception {
        SampleRepository.Created src = sample("rpo");
        WorkflowHost.Execution backup = backup("rpo-backup", src.name());
        assertThat(backup.succeeded()).as(String.valueOf(backup)).isTrue();
        host.environment(Map.of(AzureFunctionConfig.SCHEDULED_REPOSITORIES, "rpo-never",
                AzureFunctionConfig.RPO_WINDOW_HOURS, "6"));
        GenerationsQuery query = new GenerationsQuery(((DurableHost) host)::services);
        recorded.clear();

        JsonNode ages = Json.mapper().readTree(query.ages(null));

        assertThat(ages.get("rpo_window_hours").asDouble()).isEqualTo(6.0);
        JsonNode fresh = null;
        for (JsonNode r : ages.get("repositories")) {
            if (r.get("repository").asText().equals(src.name())) {
                fresh = r;
            }
        }
        assertThat(fresh).isNotNull();
        assertThat(fresh.get("over_rpo").asBoolean()).isFalse();
        assertThat(fresh.get("generation").asText()).isEqualTo(backup.output().get("generation").asText());
        assertThat(ages.get("repositories")).anySatisfy(r -> {
            assertThat(r.get("repository").asText()).isEqualTo("rpo-never");
            assertThat(r.get("over_rpo").asBoolean()).isTrue();
        });
        assertThat(recorded).anySatisfy(m -> {
            assertThat(m.name()).isEqualTo("HoursSinceLastBackup");
            assertThat(m.repository()).isEqualTo(src.name());
            assertThat(m.level()).isTrue();
        });
        assertThat(recorded).filteredOn(m -> m.name().equals("RepositoriesOverRpo")).singleElement()
                .satisfies(m -> assertThat(m.value()).isGreaterThanOrEqualTo(1.0));
    }

    @Test
    void aFanOutLargerThanABatchRunsInSubOrchestrationsWithTheSameResult() throws Exception {
        SampleRepository.Created src = sample("batches");
        host.environment(Map.of(Env.CHUNK_SIZE, "1", Env.CHUNK_CONCURRENCY, "2",
                AzureFunctionConfig.FAN_OUT_BATCH, "3"));
        WorkflowHost.Execution backup = backup("batches-backup", src.name());
        assertThat(backup.succeeded()).as(String.valueOf(backup)).isTrue();
        int chunks = backup.invocations("copy-chunk");
        assertThat(chunks).isGreaterThan(3);
        assertThat(backup.invocations(DurableWorkflowContext.FAN_OUT)).as("one sub-orchestration per 3 chunks")
                .isEqualTo((chunks + 2) / 3);
        assertThat(backup.output().get("copied_objects").asLong()).isEqualTo(backup.output().get("objects").asLong());

        String target = src.name() + "-copy";
        WorkflowHost.Execution restore = restore("batches-restore", src.name(), target);
        assertThat(restore.succeeded()).as(String.valueOf(restore)).isTrue();
        assertThat(restore.invocations(DurableWorkflowContext.FAN_OUT)).isPositive();
        assertRestored(src, target);
    }

    @Test
    void theGenerationsFunctionListsWhatABackupCommittedAndNamesWhatIsMissing() throws Exception {
        SampleRepository.Created src = sample("listed");
        WorkflowHost.Execution backup = backup("listed-backup", src.name());
        assertThat(backup.succeeded()).as(String.valueOf(backup)).isTrue();
        DurableHost durable = (DurableHost) host;
        GenerationsQuery query = new GenerationsQuery(durable::services);

        JsonNode listed = Json.mapper().readTree(query.list(src.name(), null, null));
        assertThat(listed.get("generations")).singleElement().satisfies(g -> {
            assertThat(g.get("repository").asText()).isEqualTo(src.name());
            assertThat(g.get("generation").asText()).isEqualTo(backup.output().get("generation").asText());
        });
        assertThatThrownBy(() -> query.list("never-backed-up", ScenarioFixture.BACKUP, null))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> query.list("no/slash", null, null)).isInstanceOf(InvalidInputException.class);
    }
}
