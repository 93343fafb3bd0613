package org.lakefsbackup.azure.functions;

import com.microsoft.azure.functions.annotation.FunctionName;
import org.lakefsbackup.azure.durable.DurableWorkflowContext;
import org.lakefsbackup.azure.durable.DurableWorkflows;
import org.lakefsbackup.azure.durable.WorkflowTrigger;

/**
 * The orchestrator functions: {@code backup}, {@code restore}, {@code backup-all}, {@code prune},
 * {@code prune-all}, {@code drill} and {@code rolling-verify} run the core's workflow
 * definitions ({@link DurableWorkflows}); {@value DurableWorkflowContext#FAN_OUT} runs one batch of a large copy
 * fan-out. Each hands the orchestrator request to durabletask's {@code OrchestrationRunner} and returns its actions.
 */
public class Orchestrations {
    @FunctionName("backup")
    public String backup(@WorkflowTrigger(name = "request") String request) {
        return DurableWorkflows.run("backup", request);
    }

    @FunctionName("restore")
    public String restore(@WorkflowTrigger(name = "request") String request) {
        return DurableWorkflows.run("restore", request);
    }

    @FunctionName("backup-all")
    public String backupAll(@WorkflowTrigger(name = "request") String request) {
        return DurableWorkflows.run("backup-all", request);
    }

    @FunctionName("prune")
    public String prune(@WorkflowTrigger(name = "request") String request) {
        return DurableWorkflows.run("prune", request);
    }

    @FunctionName("prune-all")
    public String pruneAll(@WorkflowTrigger(name = "request") String request) {
        return DurableWorkflows.run("prune-all", request);
    }

    @FunctionName("drill")
    public String drill(@WorkflowTrigger(name = "request") String request) {
        return DurableWorkflows.run("drill", request);
    }

    @FunctionName("rolling-verify")
    public String rollingVerify(@WorkflowTrigger(name = "request") String request) {
        return DurableWorkflows.run("rolling-verify", request);
    }

    @FunctionName(DurableWorkflowContext.FAN_OUT)
    public String fanOut(@WorkflowTrigger(name = "request") String request) {
        return DurableWorkflows.fanOut(request);
    }
}
