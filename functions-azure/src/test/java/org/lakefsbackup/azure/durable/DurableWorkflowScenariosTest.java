package org.lakefsbackup.azure.durable;

import org.lakefsbackup.testkit.workflow.ScenarioFixture;
import org.lakefsbackup.testkit.workflow.WorkflowHost;
import org.lakefsbackup.testkit.workflow.WorkflowScenarios;

/**
 * The scenario table on the Azure host: the Durable orchestrations of {@code functions-azure} replayed in-process
 * through durabletask's {@code OrchestrationRunner}, their activities running the real activity code against the
 * lakeFS emulator and the embedded S3 server, every episode replayed twice and compared (determinism).
 */
class DurableWorkflowScenariosTest extends WorkflowScenarios {
    @Override
    protected WorkflowHost host(ScenarioFixture fixture) {
        return new DurableHost(fixture.storage, fixture.lakefs.endpoint(), ScenarioFixture.KEY,
                ScenarioFixture.SECRET, DurableHost.settings(fixture.lakefs.endpoint(), ScenarioFixture.BACKUP),
                (step, repository, instance, metrics, millis, failed) -> { });
    }
}
