package org.lakefsbackup.aws.statemachines;

import org.lakefsbackup.testkit.workflow.ScenarioFixture;
import org.lakefsbackup.testkit.workflow.WorkflowHost;
import org.lakefsbackup.testkit.workflow.WorkflowScenarios;

/** The scenario table on the AWS host: the Step Functions definitions over the Lambda handler. */
class StateMachineWorkflowScenariosTest extends WorkflowScenarios {
    @Override
    protected WorkflowHost host(ScenarioFixture fixture) throws Exception {
        return new StepFunctionsHost(fixture);
    }
}
