package org.lakefsbackup.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.function.Supplier;
import org.lakefsbackup.azure.durable.DurableWorkflows;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.step.RunRef;
import org.lakefsbackup.core.workflow.Workflow;

/**
 * Starts the orchestrations, for the HTTP starter and the timer trigger: checks an input before anything starts
 * (it must bind to the workflow's request; the backup location defaults to {@code LAKEFS_BACKUP_LOCATION}, a drill's
 * namespace prefix to {@code LAKEFS_BACKUP_DRILL_NAMESPACE}), refuses
 * an instance id that is taken, and schedules the orchestration. The instance id is the run's correlation id and,
 * unless the input names one, its run id.
 */
public final class WorkflowStarter {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);

    /** The Durable client operations a start needs. */
    public interface Orchestrations {
        /** Whether an instance with this id exists (running or finished). */
        boolean exists(String instanceId);

        /** Schedules an orchestration; returns its instance id. */
        String schedule(String name, JsonNode input, String instanceId);

        /** Whether an instance with this id is pending or running (not finished). */
        default boolean running(String instanceId) {
            return false;
        }
    }

    private final Supplier<AzureFunctionConfig> config;

    public WorkflowStarter(Supplier<AzureFunctionConfig> config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * The input to start {@code workflow} with: {@code body} with the default backup location filled in, checked by
     * binding it to the workflow's request.
     *
     * @throws LakeFsBackupException NOT_FOUND for an unknown workflow, INVALID_INPUT for an input that does not bind
     */
    public JsonNode input(String workflow, JsonNode body) {
        Workflow<?, ?> w = DurableWorkflows.WORKFLOWS.get(workflow);
        if (w == null) {
            throw ErrorCode.NOT_FOUND.exception("no workflow is named '" + workflow + "'; workflows: "
                    + new java.util.TreeSet<>(DurableWorkflows.WORKFLOWS.keySet()));
        }
        if (body != null && !body.isNull() && !body.isObject()) {
            throw ErrorCode.INVALID_INPUT.exception("the input of " + workflow + " must be a JSON object");
        }
        ObjectNode input = body == null || body.isNull() ? Json.mapper().createObjectNode()
                : ((ObjectNode) body).deepCopy();
        String backup = input.hasNonNull("backup") ? input.get("backup").asText() : null;
        input.put("backup", config.get().backupOrDefault(backup));
        if (workflow.equals("drill")) {
            String prefix = input.hasNonNull("namespace_prefix") ? input.get("namespace_prefix").asText() : null;
            input.put("namespace_prefix", config.get().shared().drillNamespaceOrDefault(prefix));
        }
        try {
            Json.mapper().treeToValue(input, w.inputType());
        } catch (IOException e) {
            if (e.getCause() instanceof LakeFsBackupException lbe) {
                throw ErrorCode.INVALID_INPUT.exception(workflow + ": " + lbe.getMessage(), lbe);
            }
            String detail = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
                    ? jpe.getOriginalMessage() : e.getMessage();
            throw ErrorCode.INVALID_INPUT.exception(workflow + ": the input is not a "
                    + w.inputType().getSimpleName() + ": " + detail, e);
        }
        return input;
    }

    /**
     * Starts {@code workflow} with a checked input under {@code instanceId} (a new id when {@code null}).
     *
     * @throws LakeFsBackupException CONFLICT when an instance of that id exists, INVALID_INPUT for an id that cannot
     *                               name a run
     */
    public String start(Orchestrations client, String workflow, JsonNode input, String instanceId) {
        if (instanceId != null && !instanceId.isBlank()) {
            RunRef.requireId("instance id", instanceId);
            if (client.exists(instanceId)) {
                throw ErrorCode.CONFLICT.exception("an orchestration with instance id '" + instanceId
                        + "' exists already; give the new run another id");
            }
            return client.schedule(workflow, input, instanceId);
        }
        return client.schedule(workflow, input, null);
    }

    /** The scheduled backup-all's input: {@code LAKEFS_BACKUP_SCHEDULED_REPOSITORIES} (all when empty). */
    public JsonNode scheduledInput() {
        ObjectNode body = Json.mapper().createObjectNode();
        ArrayNode repositories = body.putArray("repositories");
        config.get().scheduledRepositories().forEach(repositories::add);
        body.put("commit_uncommitted", config.get().scheduledCommit());
        return input("backup-all", body);
    }

    /**
     * The scheduled rolling verification's input: {@code LAKEFS_BACKUP_SCHEDULED_REPOSITORIES} (all at the location
     * when empty), {@code subsets} of {@code LAKEFS_BACKUP_ROLLING_VERIFY_SUBSETS}.
     */
    public JsonNode scheduledRollingVerifyInput(int subsets) {
        ObjectNode body = Json.mapper().createObjectNode();
        ArrayNode repositories = body.putArray("repositories");
        config.get().scheduledRepositories().forEach(repositories::add);
        body.put("subsets", subsets);
        return input("rolling-verify", body);
    }

    /**
     * The instance id of the scheduled run due at {@code now}: {@code backup-all-<yyyyMMddTHHmmZ>}, so a timer that
     * fires twice for one occurrence starts one run.
     */
    public static String scheduledInstanceId(Instant now) {
        return scheduledInstanceId("backup-all", now);
    }

    /** The instance id of a scheduled run of {@code workflow} due at {@code now}: {@code <workflow>-<yyyyMMddTHHmmZ>}. */
    public static String scheduledInstanceId(String workflow, Instant now) {
        return workflow + "-" + MINUTE.format(now);
    }
}
