package org.lakefsbackup.azure;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
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

/**
 * The Azure webhook host ({@code POST /api/webhook}, function key): the core's {@link EventTrigger}, and a start of
 * the {@code backup} orchestration through {@link WorkflowStarter} with the instance id the decision names. An
 * instance of the burst's oldest event that is still pending or running covers the event (nothing starts); a
 * finished one makes it start the next name.
 */
public final class EventWebhook {
    private static final Logger LOG = LoggerFactory.getLogger(EventWebhook.class);

    /** What to answer: the HTTP status and a JSON body. */
    public record Answer(int status, String body) {
    }

    private final Supplier<EventTrigger> trigger;
    private final WorkflowStarter starter;

    public EventWebhook(Supplier<EventTrigger> trigger, WorkflowStarter starter) {
        this.trigger = Objects.requireNonNull(trigger, "trigger");
        this.starter = Objects.requireNonNull(starter, "starter");
    }

    /**
     * The trigger of this app: secret from {@value WebhookSecret#ENV} (a Key Vault reference), policy from
     * {@value EventPolicy#REPOSITORIES_ENV} and {@value EventPolicy#BRANCHES_ENV}, marks and leases at the app's
     * backup location.
     */
    public static EventTrigger trigger(Map<String, String> env, AzureServices services) {
        String secret = env.get(WebhookSecret.ENV);
        // an unresolved Key Vault reference (no such secret in the vault) stays as its literal text: never a secret
        if (secret == null || secret.isBlank() || secret.startsWith("@Microsoft.KeyVault(")) {
            throw org.lakefsbackup.core.error.ErrorCode.INVALID_INPUT.exception("the app setting " + WebhookSecret.ENV
                    + " (a Key Vault reference) is not set or does not resolve: the webhook is off");
        }
        return new EventTrigger(WebhookSecret.of(secret), EventPolicy.fromEnvironment(env),
                Location.parse(services.config().backupOrDefault(null)), new EventMarks(services.steps().storage()),
                services.steps().leases(), repo -> services.steps().lakefs().getRepository(repo)
                .map(RepositoryInfo::defaultBranch), services.steps().clock());
    }

    /** Handles one request: {@code secret} is the {@link WebhookSecret#HEADER} header's value or {@code null}. */
    public Answer handle(String secret, byte[] body, WorkflowStarter.Orchestrations client) {
        TriggerDecision d = trigger.get().handle(secret, body);
        try {
            return new Answer(d.status(), Json.mapper().writeValueAsString(d.answer("instance_id",
                    d.start() ? start(d, client) : null)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String start(TriggerDecision d, WorkflowStarter.Orchestrations client) {
        ObjectNode body = Json.mapper().createObjectNode().put("repository", d.repository());
        for (String name : d.startNames()) {
            if (client.running(name)) {
                LOG.info("backup {} of {} is pending or running: it covers this event", name, d.repository());
                return name;
            }
            if (!client.exists(name)) {
                String id = starter.start(client, "backup", starter.input("backup", body), name);
                LOG.info("backup of {} started as {}", d.repository(), id);
                return id;
            }
        }
        String last = d.startNames().get(d.startNames().size() - 1);
        LOG.info("backup of {}: instances {} exist already; they cover this event", d.repository(), d.startNames());
        return last;
    }
}
