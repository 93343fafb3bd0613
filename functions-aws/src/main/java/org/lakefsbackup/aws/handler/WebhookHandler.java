package org.lakefsbackup.aws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.aws.internal.StepFunctionsExecutions;
import org.lakefsbackup.core.lakefs.RepositoryInfo;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.trigger.EventMarks;
import org.lakefsbackup.core.trigger.EventPolicy;
import org.lakefsbackup.core.trigger.EventTrigger;
import org.lakefsbackup.core.trigger.TriggerDecision;
import org.lakefsbackup.core.trigger.WebhookSecret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The AWS webhook host: a Lambda function URL (payload format 2.0) that lakeFS actions call after
 * {@code post-commit} and {@code post-merge}. It runs the core's {@link EventTrigger} and, when that says start,
 * starts the backup state machine with {@code StartExecution}, named as the decision says: an execution of the
 * burst's oldest event that is still running answers the start idempotently (same name, same input), so a burst
 * starts one execution; a closed one makes it try the next name. Answers as a function URL expects:
 * {@code {"statusCode", "headers", "body"}}.
 */
public final class WebhookHandler implements RequestStreamHandler {
    /** The backup state machine's ARN. */
    public static final String STATE_MACHINE_ARN = "LAKEFS_BACKUP_STATE_MACHINE_ARN";
    /** The Secrets Manager secret (a plain string) holding the webhook's shared secret. */
    public static final String WEBHOOK_SECRET_ARN = "LAKEFS_BACKUP_WEBHOOK_SECRET_ARN";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);

    /** Starts executions of the backup state machine. */
    public interface Executions {
        /**
         * Starts an execution named {@code name} with {@code input}; {@code true} also when an execution of that name
         * and input is running (Step Functions answers that idempotently), {@code false} when the name is taken by
         * a closed execution or one with another input.
         */
        boolean start(String name, String input);
    }

    private final FunctionServices services;
    private final java.util.function.Supplier<EventTrigger> trigger;
    private final Executions executions;
    private volatile EventTrigger built;

    /**
     * The production wiring, from the function's environment. The webhook secret is read from Secrets Manager on the
     * first request (not at init, so a SnapStart snapshot never holds it).
     */
    public WebhookHandler() {
        Map<String, String> env = System.getenv();
        String secretArn = env.get(WEBHOOK_SECRET_ARN);
        String stateMachine = env.get(STATE_MACHINE_ARN);
        if (secretArn == null || stateMachine == null) {
            throw new IllegalStateException("the webhook function needs " + WEBHOOK_SECRET_ARN + " and "
                    + STATE_MACHINE_ARN);
        }
        FunctionServices s = FunctionServices.fromEnvironment();
        StepFunctionsExecutions sfn = StepFunctionsExecutions.create(stateMachine, s.config());
        EventPolicy policy = EventPolicy.fromEnvironment(env);
        this.services = s;
        this.executions = sfn;
        this.trigger = () -> trigger(s, WebhookSecret.of(sfn.secretString(secretArn)), policy);
    }

    /**
     * @param policy     which repositories and branches start backups ({@value EventPolicy#REPOSITORIES_ENV},
     *                   {@value EventPolicy#BRANCHES_ENV})
     * @param executions starts the backup state machine
     */
    public WebhookHandler(FunctionServices services, WebhookSecret secret, EventPolicy policy,
                          Executions executions) {
        this.services = Objects.requireNonNull(services, "services");
        this.executions = Objects.requireNonNull(executions, "executions");
        EventTrigger t = trigger(services, secret, policy);
        this.trigger = () -> t;
    }

    private static EventTrigger trigger(FunctionServices services, WebhookSecret secret, EventPolicy policy) {
        return new EventTrigger(secret, policy, Location.parse(services.config().shared().backupOrDefault(null)),
                new EventMarks(services.storage()), services.steps().leases(),
                repo -> services.steps().lakefs().getRepository(repo).map(RepositoryInfo::defaultBranch),
                services.clock());
    }

    private EventTrigger trigger() {
        EventTrigger t = built;
        if (t == null) {
            synchronized (this) {
                if (built == null) {
                    built = trigger.get();
                }
                t = built;
            }
        }
        return t;
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        MDC.put("correlation_id", context == null ? "local" : context.getAwsRequestId());
        MDC.put("function", "webhook");
        try {
            JsonNode event = Json.mapper().readTree(in);
            String method = event.at("/requestContext/http/method").asText("");
            if (!method.equals("POST")) {
                respond(out, 405, Map.of("message", "POST a lakeFS event"));
                return;
            }
            byte[] body = body(event);
            TriggerDecision d = trigger().handle(header(event, WebhookSecret.HEADER), body);
            respond(out, d.status(), d.answer("execution", d.start() ? start(d) : null));
        } catch (RuntimeException e) {
            LOG.error("the webhook failed: {}: {}", e.getClass().getSimpleName(), e.getMessage());
            respond(out, 503, Map.of("message", "the webhook could not record the event: "
                    + e.getClass().getSimpleName()));
        } finally {
            MDC.clear();
        }
    }

    /** Starts the first name Step Functions accepts; returns it (or the last name tried, all being taken). */
    private String start(TriggerDecision d) {
        ObjectNode input = Json.mapper().createObjectNode();
        input.put("repository", d.repository());
        input.put("backup", services.config().shared().backupOrDefault(null));
        String json = input.toString();
        for (String name : d.startNames()) {
            if (executions.start(name, json)) {
                LOG.info("backup of {} running as execution {}", d.repository(), name);
                return name;
            }
        }
        String last = d.startNames().get(d.startNames().size() - 1);
        LOG.info("backup of {}: executions {} exist already; they cover this event", d.repository(),
                d.startNames());
        return last;
    }

    private static byte[] body(JsonNode event) {
        String body = event.path("body").asText("");
        return event.path("isBase64Encoded").asBoolean(false) ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
    }

    /** A header of a function URL event (their names arrive lower-cased; looked up ignoring case anyway). */
    static String header(JsonNode event, String name) {
        JsonNode headers = event.path("headers");
        for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> h = it.next();
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue().asText();
            }
        }
        return null;
    }

    private static void respond(OutputStream out, int status, Map<String, ?> body) throws IOException {
        ObjectNode response = Json.mapper().createObjectNode();
        response.put("statusCode", status);
        response.putObject("headers").put("content-type", "application/json");
        response.put("body", Json.mapper().writeValueAsString(body));
        Json.mapper().writeValue(out, response);
    }
}
