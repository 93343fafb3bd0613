package org.lakefsbackup.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.config.Env;
import org.lakefsbackup.core.lakefs.LakeFsConfig;
import org.lakefsbackup.core.lakefs.RepositoryInfo;
import org.lakefsbackup.core.lakefs.SdkLakeFsClient;
import org.lakefsbackup.core.lease.LeaseOwner;
import org.lakefsbackup.core.lease.Leases;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.core.trigger.EventMarks;
import org.lakefsbackup.core.trigger.EventPolicy;
import org.lakefsbackup.core.trigger.EventTrigger;
import org.lakefsbackup.core.trigger.WebhookSecret;
import org.lakefsbackup.testkit.lakefs.LakeFsEmulator;
import org.lakefsbackup.testkit.lakefs.SampleRepository;
import org.lakefsbackup.testkit.store.InMemoryObjectStore;

/**
 * The Azure webhook ({@code POST /api/webhook}) as {@link WorkflowStarterTest} checks the HTTP starter: an accepted
 * lakeFS event schedules the {@code backup} orchestration with the instance id of the burst's oldest event and the
 * app's backup location; while that instance is pending or running, later events of the burst schedule nothing; a
 * finished one makes the next name start; a bad secret, an unknown repository or another branch schedule nothing.
 */
class EventWebhookTest {
    static final String SECRET = "azure-webhook-secret-0123456789abcdef";
    static final String BACKUP = "https://acct.blob.core.windows.net/backups/lakefs";
    static final String REPO = "hooked";

    final Map<String, String> env = new HashMap<>(Map.of(Env.BACKUP_LOCATION, BACKUP));
    final WorkflowStarter starter = new WorkflowStarter(() -> AzureFunctionConfig.fromEnvironment(env));
    final List<String> scheduled = new ArrayList<>();
    final Set<String> running = new HashSet<>();
    final Set<String> finished = new HashSet<>();
    final WorkflowStarter.Orchestrations client = new WorkflowStarter.Orchestrations() {
        @Override
        public boolean exists(String instanceId) {
            return running.contains(instanceId) || finished.contains(instanceId);
        }

        @Override
        public boolean running(String instanceId) {
            return running.contains(instanceId);
        }

        @Override
        public String schedule(String name, JsonNode input, String instanceId) {
            scheduled.add(name + " " + instanceId + " " + input);
            running.add(instanceId);
            return instanceId;
        }
    };
    InMemoryObjectStore store;
    LakeFsEmulator lakefs;
    SdkLakeFsClient lakefsClient;
    EventWebhook webhook;

    @BeforeEach
    void start() {
        store = new InMemoryObjectStore(Location.Scheme.AZURE_BLOB);
        lakefs = LakeFsEmulator.builder().storage(Storage.of(store)).blockstoreType("azure")
                .credentials("AKIAHOOK", "hook-secret").build().start();
        new SampleRepository(SampleRepository.client(lakefs.endpoint(), "AKIAHOOK", "hook-secret"))
                .create(REPO, "https://acct.blob.core.windows.net/source/" + REPO);
        lakefsClient = new SdkLakeFsClient(new LakeFsConfig(java.net.URI.create(lakefs.endpoint()), "AKIAHOOK",
                "hook-secret"));
        Leases leases = new Leases(Storage.of(store), Clock.systemUTC(), Leases.DEFAULT_TTL,
                LeaseOwner.function("azure-test"), pid -> true);
        EventTrigger trigger = new EventTrigger(WebhookSecret.of(SECRET), new EventPolicy(Set.of(REPO), List.of()),
                Location.parse(BACKUP), new EventMarks(Storage.of(store)), leases,
                repo -> lakefsClient.getRepository(repo).map(RepositoryInfo::defaultBranch), Clock.systemUTC());
        webhook = new EventWebhook(() -> trigger, starter);
    }

    @AfterEach
    void stop() {
        lakefsClient.close();
        lakefs.close();
    }

    static byte[] event(String repo, String branch, String commit) {
        return ("{\"event_type\":\"post-merge\",\"repository_id\":\"" + repo + "\",\"branch_id\":\"" + branch
                + "\",\"commit_id\":\"" + commit + "\",\"run_id\":\"run-" + commit + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static JsonNode body(EventWebhook.Answer a) throws Exception {
        return Json.mapper().readTree(a.body());
    }

    @Test
    void anAcceptedEventSchedulesTheBackupOrchestrationOncePerBurst() throws Exception {
        EventWebhook.Answer first = webhook.handle(SECRET, event(REPO, "main", "c1"), client);
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(body(first).get("outcome").asText()).isEqualTo("start");
        assertThat(scheduled).singleElement().asString().startsWith("backup ev-" + REPO + "-")
                .contains("\"repository\":\"" + REPO + "\"").contains("\"backup\":\"" + BACKUP + "\"");
        String id = body(first).get("instance_id").asText();
        assertThat(running).containsExactly(id);

        EventWebhook.Answer second = webhook.handle(SECRET, event(REPO, "main", "c2"), client);
        assertThat(second.status()).isEqualTo(202);
        assertThat(body(second).get("instance_id").asText()).isEqualTo(id);
        assertThat(scheduled).as("the running instance covers the burst").hasSize(1);

        running.remove(id);
        finished.add(id); // it ended without claiming the marks (e.g. it failed early)
        EventWebhook.Answer third = webhook.handle(SECRET, event(REPO, "main", "c3"), client);
        assertThat(scheduled).hasSize(2);
        assertThat(body(third).get("instance_id").asText()).isNotEqualTo(id).startsWith("ev-" + REPO + "-");
    }

    @Test
    void badRequestsScheduleNothing() throws Exception {
        assertThat(webhook.handle(null, event(REPO, "main", "c1"), client).status()).isEqualTo(401);
        assertThat(webhook.handle("x".repeat(40), event(REPO, "main", "c1"), client).status()).isEqualTo(401);
        assertThat(webhook.handle(SECRET, event("elsewhere", "main", "c1"), client).status()).isEqualTo(404);
        EventWebhook.Answer branch = webhook.handle(SECRET, event(REPO, "dev", "c1"), client);
        assertThat(branch.status()).isEqualTo(200);
        assertThat(body(branch).get("outcome").asText()).isEqualTo("ignored");
        assertThat(webhook.handle(SECRET, "{}".getBytes(StandardCharsets.UTF_8), client).status()).isEqualTo(400);
        assertThat(scheduled).isEmpty();
        assertThat(new EventMarks(Storage.of(store)).pending(Location.parse(BACKUP), REPO)).isEmpty();
    }

    @Test
    void withoutTheSecretSettingTheWebhookIsOff() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventWebhook.trigger(Map.of(), null))
                .hasMessageContaining(WebhookSecret.ENV);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventWebhook.trigger(Map.of(WebhookSecret.ENV,
                "@Microsoft.KeyVault(VaultName=v;SecretName=lakefs-backup-webhook-secret)"), null))
                .as("an unresolved Key Vault reference is no secret").hasMessageContaining("does not resolve");
    }
}
