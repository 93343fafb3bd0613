package org.lakefsbackup.azure.durable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.durabletask.OrchestrationRunner;
import com.microsoft.durabletask.TaskOrchestration;
import com.microsoft.durabletask.TaskOrchestrationContext;
import java.io.IOException;
import java.util.Map;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.step.RunRef;
import org.lakefsbackup.core.step.StepCatalog;
import org.lakefsbackup.core.workflow.BackupAllWorkflow;
import org.lakefsbackup.core.workflow.BackupWorkflow;
import org.lakefsbackup.core.workflow.PruneAllWorkflow;
import org.lakefsbackup.core.workflow.PruneWorkflow;
import org.lakefsbackup.core.workflow.DrillWorkflow;
import org.lakefsbackup.core.workflow.RestoreWorkflow;
import org.lakefsbackup.core.workflow.RollingVerifyWorkflow;
import org.lakefsbackup.core.workflow.Workflow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrations: the core's workflow definitions run through durabletask's {@link OrchestrationRunner} (the
 * entry point the Functions host calls with the orchestrator request) over {@link DurableWorkflowContext}. Nothing
 * of a workflow's sequence is here: an orchestration binds its input (the workflow's request as users give it,
 * snake_case JSON; the run id is the instance id unless the input names one, as Step Functions takes it from the
 * execution name), runs the definition, and completes with its output as JSON; a failure fails the orchestration
 * with the core's exception class and message. Logs only when not replaying.
 */
public final class DurableWorkflows {
    private static final Logger LOG = LoggerFactory.getLogger(DurableWorkflows.class);

    /** The workflows by orchestration name. */
    public static final Map<String, Workflow<?, ?>> WORKFLOWS = Map.of("backup", new BackupWorkflow(), "restore",
            new RestoreWorkflow(), "backup-all", new BackupAllWorkflow(), "prune", new PruneWorkflow(), "prune-all",
            new PruneAllWorkflow(), "drill", new DrillWorkflow(), "rolling-verify", new RollingVerifyWorkflow());

    private DurableWorkflows() {
    }

    /**
     * Runs the named workflow's orchestration episode for a base64 orchestrator request and returns the base64
     * orchestrator response (the actions), as {@code OrchestrationRunner.loadAndRun} does.
     */
    public static String run(String name, String base64Request) {
        Workflow<?, ?> workflow = WORKFLOWS.get(name);
        if (workflow == null) {
            throw new IllegalArgumentException("no workflow is named " + name);
        }
        TaskOrchestration orchestration = ctx -> ctx.complete(run(workflow, ctx));
        return OrchestrationRunner.loadAndRun(base64Request, orchestration);
    }

    /** Runs one batch of a fan-out ({@value DurableWorkflowContext#FAN_OUT}). */
    public static String fanOut(String base64Request) {
        TaskOrchestration orchestration = ctx -> {
            FanOutRequest request = Json.mapper().convertValue(ctx.getInput(JsonNode.class), FanOutRequest.class);
            DurableWorkflowContext wctx = new DurableWorkflowContext(ctx, new FanOutSettings(request.width(),
                    Math.max(1, request.inputs().size())));
            ctx.complete(Json.mapper().valueToTree(wctx.fanOut(StepCatalog.get(request.step()), request.inputs())));
        };
        return OrchestrationRunner.loadAndRun(base64Request, orchestration);
    }

    private static <I, O> JsonNode run(Workflow<I, O> workflow, TaskOrchestrationContext ctx) {
        I input = bind(workflow, ctx.getInput(JsonNode.class), ctx.getInstanceId());
        if (!ctx.getIsReplaying()) {
            LOG.info("[{}] {} started", ctx.getInstanceId(), workflow.name());
        }
        try {
            O output = workflow.run(new DurableWorkflowContext(ctx), input);
            if (!ctx.getIsReplaying()) {
                LOG.info("[{}] {} finished", ctx.getInstanceId(), workflow.name());
            }
            return Json.mapper().valueToTree(output);
        } catch (LakeFsBackupException e) {
            if (!ctx.getIsReplaying()) {
                LOG.error("[{}] {} failed: {}: {}", ctx.getInstanceId(), workflow.name(), e.getClass().getSimpleName(),
                        e.getMessage());
            }
            throw e;
        }
    }

    /**
     * The workflow's input record from the orchestration input, the run id defaulting to the instance id (backup
     * and restore); an input that does not bind fails the orchestration with INVALID_INPUT.
     */
    static <I> I bind(Workflow<I, ?> workflow, JsonNode input, String instanceId) {
        if (input != null && !input.isNull() && !input.isObject()) {
            throw ErrorCode.INVALID_INPUT.exception(workflow.name() + ": the input must be a JSON object");
        }
        ObjectNode node = input == null || input.isNull() ? Json.mapper().createObjectNode()
                : ((ObjectNode) input).deepCopy();
        if (!workflow.name().endsWith("-all") && !node.hasNonNull("run_id") && validRunId(instanceId)) {
            node.put("run_id", instanceId);
        }
        try {
            return Json.mapper().treeToValue(node, workflow.inputType());
        } catch (IOException e) {
            if (e.getCause() instanceof LakeFsBackupException lbe) {
                throw ErrorCode.INVALID_INPUT.exception(workflow.name() + ": invalid input: " + lbe.getMessage(), lbe);
            }
            String detail = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
                    ? jpe.getOriginalMessage() : e.getMessage();
            throw ErrorCode.INVALID_INPUT.exception(workflow.name() + ": input is not a "
                    + workflow.inputType().getSimpleName() + ": " + detail, e);
        }
    }

    private static boolean validRunId(String id) {
        try {
            RunRef.requireId("run id", id);
            return true;
        } catch (LakeFsBackupException e) {
            return false;
        }
    }
}
