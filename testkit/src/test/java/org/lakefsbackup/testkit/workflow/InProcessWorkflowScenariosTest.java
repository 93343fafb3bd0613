package org.lakefsbackup.testkit.workflow;

/** The scenario table on the CLI's host: the core's workflows run in this process. */
class InProcessWorkflowScenariosTest extends WorkflowScenarios {
    @Override
    protected WorkflowHost host(ScenarioFixture fixture) {
        return new InProcessHost(fixture);
    }
}
