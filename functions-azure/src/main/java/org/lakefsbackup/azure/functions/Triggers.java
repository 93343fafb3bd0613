package org.lakefsbackup.azure.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import com.microsoft.durabletask.DurableTaskClient;
import com.microsoft.durabletask.NewOrchestrationInstanceOptions;
import com.microsoft.durabletask.azurefunctions.DurableClientContext;
import com.microsoft.durabletask.azurefunctions.DurableClientInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import java.time.Instant;
import java.util.Optional;
import org.lakefsbackup.azure.AzureFunctionConfig;
import org.lakefsbackup.azure.AzureServices;
import org.lakefsbackup.azure.EventWebhook;
import org.lakefsbackup.azure.WorkflowStarter;
import org.lakefsbackup.azure.logging.InvocationLog;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.trigger.WebhookSecret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What starts orchestrations: the timer triggers of the scheduled backup ({@code LAKEFS_BACKUP_SCHEDULE}, NCRONTAB)
 * and of the scheduled rolling verification ({@code LAKEFS_BACKUP_ROLLING_VERIFY_SCHEDULE}), and the HTTP starter
 * {@code POST /api/workflows/{backup|restore|backup-all|drill|rolling-verify|...}} (function key), which answers 202
 * with Durable's status, terminate and purge URLs, or 400/404/409 with {@code {"error", "message"}} before anything
 * starts. The query parameter {@code instance_id} names the run (the correlation id in every log line).
 */
public class Triggers {
    private static final Logger LOG = LoggerFactory.getLogger(Triggers.class);

    private final WorkflowStarter starter;
    private final GenerationsQuery generations;
    private final Supplier<EventWebhook> webhook;

    public Triggers() {
        this(new WorkflowStarter(() -> AzureServices.shared().config()), new GenerationsQuery(AzureServices::shared));
    }

    public Triggers(WorkflowStarter starter, GenerationsQuery generations) {
        this.starter = starter;
        this.generations = generations;
        EventWebhook hook = new EventWebhook(
                () -> EventWebhook.trigger(System.getenv(), AzureServices.shared()), starter);
        this.webhook = () -> hook;
    }

    @FunctionName("scheduled-backup")
    public void scheduledBackup(
            @TimerTrigger(name = "timer", schedule = "%LAKEFS_BACKUP_SCHEDULE%") String timer,
            @DurableClientInput(name = "durable") DurableClientContext durable, ExecutionContext context) {
        startScheduled(durable, context, "backup-all", starter::scheduledInput);
    }

    /**
     * Rolling deep verification of the scheduled repositories (all at the location when none are listed), reading
     * back the next subset of {@code LAKEFS_BACKUP_ROLLING_VERIFY_SUBSETS}; a failed run fails its orchestration,
     * which the failed-orchestrations alert reports. Off when that setting is 0.
     */
    @FunctionName("scheduled-rolling-verify")
    public void scheduledRollingVerify(
            @TimerTrigger(name = "timer", schedule = "%LAKEFS_BACKUP_ROLLING_VERIFY_SCHEDULE%") String timer,
            @DurableClientInput(name = "durable") DurableClientContext durable, ExecutionContext context) {
        int subsets = AzureFunctionConfig.rollingVerifySubsets(System.getenv());
        if (subsets == 0) {
            LOG.info("scheduled rolling verification is off ({} is 0)", AzureFunctionConfig.ROLLING_VERIFY_SUBSETS);
            return;
        }
        startScheduled(durable, context, "rolling-verify", () -> starter.scheduledRollingVerifyInput(subsets));
    }

    /** Starts a scheduled run once per occurrence (a timer that fires twice finds the instance and says so). */
    private void startScheduled(DurableClientContext durable, ExecutionContext context, String workflow,
                                Supplier<JsonNode> input) {
        String id = WorkflowStarter.scheduledInstanceId(workflow, Instant.now());
        InvocationLog.with(context.getLogger(), id, () -> {
            try {
                starter.start(client(durable.getClient()), workflow, input.get(), id);
                LOG.info("scheduled {} started", workflow);
            } catch (LakeFsBackupException e) {
                if (e.getClass() == ErrorCode.CONFLICT.exceptionClass()) {
                    LOG.warn("scheduled {} not started again: {}", workflow, e.getMessage());
                    return null;
                }
                LOG.error("scheduled {} could not start: {}", workflow, e.getMessage());
                throw e;
            }
            return null;
        });
    }

    /**
     * Every 15 minutes: how old each repository's newest successful backup is against
     * {@code LAKEFS_BACKUP_RPO_WINDOW_HOURS}; logs the repositories over it, and publishes the metrics the RPO alert
     * watches (a check that stops running alerts too).
     */
    @FunctionName("rpo-check")
    public void rpoCheck(@TimerTrigger(name = "timer", schedule = "0 */15 * * * *") String timer,
                         ExecutionContext context) {
        InvocationLog.with(context.getLogger(), "rpo-check-" + Instant.now().truncatedTo(
                java.time.temporal.ChronoUnit.MINUTES), () -> {
                    JsonNode ages;
                    try {
                        ages = Json.mapper().readTree(generations.ages(context.getLogger()));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    for (JsonNode r : ages.path("repositories")) {
                        if (r.path("over_rpo").asBoolean()) {
                            LOG.warn("no successful backup of {} within {} hours (newest: {})",
                                    r.path("repository").asText(), ages.path("rpo_window_hours").asText(),
                                    r.path("last_backup_at").asText("never"));
                        }
                    }
                    return null;
                });
    }

    @FunctionName("start")
    public HttpResponseMessage start(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.FUNCTION,
                    route = "workflows/{workflow}") HttpRequestMessage<Optional<String>> request,
            @BindingName("workflow") String workflow,
            @DurableClientInput(name = "durable") DurableClientContext durable, ExecutionContext context) {
        String requested = request.getQueryParameters().get("instance_id");
        return InvocationLog.with(context.getLogger(), requested, () -> {
            try {
                JsonNode input = starter.input(workflow, body(request));
                String id = starter.start(client(durable.getClient()), workflow, input, requested);
                LOG.info("{} started as {}", workflow, id);
                return durable.createCheckStatusResponse(request, id);
            } catch (LakeFsBackupException e) {
                LOG.warn("{} not started: {}", workflow, e.getMessage());
                return error(request, e);
            }
        });
    }

    /**
     * {@code POST /api/webhook} (function key, given by the lakeFS action in {@code query_params: {code: ...}}): a
     * lakeFS {@code post-commit}/{@code post-merge} event checked by its shared secret; starts the {@code backup}
     * orchestration of that repository or leaves the event to the backup holding its lease (docs/event-backups.md).
     */
    @FunctionName("webhook")
    public HttpResponseMessage webhook(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.FUNCTION,
                    route = "webhook") HttpRequestMessage<Optional<String>> request,
            @DurableClientInput(name = "durable") DurableClientContext durable, ExecutionContext context) {
        return InvocationLog.with(context.getLogger(), null, () -> {
            try {
                EventWebhook.Answer a = webhook.get().handle(header(request, WebhookSecret.HEADER),
                        request.getBody().orElse("").getBytes(StandardCharsets.UTF_8), client(durable.getClient()));
                return request.createResponseBuilder(HttpStatus.valueOf(a.status()))
                        .header("Content-Type", "application/json").body(a.body()).build();
            } catch (LakeFsBackupException e) {
                LOG.warn("webhook: {}", e.getMessage());
                return error(request, e);
            }
        });
    }

    /** A request header, its name compared ignoring case. */
    static String header(HttpRequestMessage<?> request, String name) {
        return request.getHeaders().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(java.util.Map.Entry::getValue).findFirst().orElse(null);
    }

    /**
     * {@code GET /api/generations[?repository=<name>][&backup=<location>]} (function key): the committed generations
     * at the backup location (the app's by default), as the {@code list-generations} step returns them; 400 or 404
     * with {@code {"error", "message"}} otherwise. Read-only.
     */
    @FunctionName("generations")
    public HttpResponseMessage generations(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.FUNCTION,
                    route = "generations") HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        var query = request.getQueryParameters();
        try {
            String json = generations.list(query.get("repository"), query.get("backup"), context.getLogger());
            return request.createResponseBuilder(HttpStatus.OK).header("Content-Type", "application/json")
                    .body(json).build();
        } catch (LakeFsBackupException e) {
            return error(request, e);
        }
    }

    private static JsonNode body(HttpRequestMessage<Optional<String>> request) {
        String body = request.getBody().orElse("");
        if (body.isBlank()) {
            return null;
        }
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            throw ErrorCode.INVALID_INPUT.exception("the request body is not JSON");
        }
    }

    /** The answer to a start that was refused. */
    static HttpResponseMessage error(HttpRequestMessage<?> request, LakeFsBackupException e) {
        HttpStatus status = e.getClass() == ErrorCode.NOT_FOUND.exceptionClass() ? HttpStatus.NOT_FOUND
                : e.getClass() == ErrorCode.CONFLICT.exceptionClass() ? HttpStatus.CONFLICT
                : e.getClass() == ErrorCode.INVALID_INPUT.exceptionClass() ? HttpStatus.BAD_REQUEST
                : HttpStatus.INTERNAL_SERVER_ERROR;
        var body = Json.mapper().createObjectNode().put("error", e.getClass().getName()).put("message", e.getMessage());
        return request.createResponseBuilder(status).header("Content-Type", "application/json")
                .body(body.toString()).build();
    }

    /** The Durable client as the starter uses it. */
    static WorkflowStarter.Orchestrations client(DurableTaskClient client) {
        return new WorkflowStarter.Orchestrations() {
            @Override
            public boolean exists(String instanceId) {
                return client.getInstanceMetadata(instanceId, false).isInstanceFound();
            }

            @Override
            public boolean running(String instanceId) {
                var meta = client.getInstanceMetadata(instanceId, false);
                return meta.isInstanceFound() && (meta.isRunning()
                        || meta.getRuntimeStatus() == com.microsoft.durabletask.OrchestrationRuntimeStatus.PENDING);
            }

            @Override
            public String schedule(String name, JsonNode input, String instanceId) {
                NewOrchestrationInstanceOptions options = new NewOrchestrationInstanceOptions().setInput(input);
                if (instanceId != null) {
                    options.setInstanceId(instanceId);
                }
                return client.scheduleNewOrchestrationInstance(name, options);
            }
        };
    }
}
