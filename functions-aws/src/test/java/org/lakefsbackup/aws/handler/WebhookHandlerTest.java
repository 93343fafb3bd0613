package org.lakefsbackup.aws.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.lakefsbackup.aws.AwsFixture;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.trigger.EventMarks;
import org.lakefsbackup.core.trigger.EventPolicy;
import org.lakefsbackup.core.trigger.WebhookSecret;

/**
 * The AWS webhook function against the emulator and S3Proxy, invoked with Lambda function URL events (payload 2.0):
 * an accepted event becomes one {@code StartExecution} of the backup state machine named after the burst's oldest
 * event with the repository's backup input; a second event of the burst asks for the same execution (Step Functions
 * dedupes a running one); a closed execution of that name makes it start the next name; a bad secret, an unknown
 * repository or another branch start nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookHandlerTest {
    static final String SECRET = "aws-webhook-secret-0123456789abcdef";
    static final String REPO = "hooked-repo";

    AwsFixture f;
    /** The fake Step Functions: names already taken by closed executions, and every start asked for. */
    final Set<String> closed = new HashSet<>();
    final Set<String> running = new HashSet<>();
    final List<String[]> starts = new ArrayList<>();
    WebhookHandler handler;

    @BeforeAll
    void start() {
        f = new AwsFixture();
        f.sample().create(REPO, "s3://source/" + REPO);
        WebhookHandler.Executions fake = (name, input) -> {
            starts.add(new String[] {name, input});
            if (closed.contains(name)) {
                return false; // ExecutionAlreadyExists
            }
            running.add(name);
            return true;
        };
        handler = new WebhookHandler(f.services, WebhookSecret.of(SECRET),
                new EventPolicy(Set.of(REPO), List.of()), fake);
    }

    @AfterAll
    void stop() {
        f.close();
    }

    @BeforeEach
    void clean() {
        starts.clear();
        closed.clear();
        running.clear();
        Location backup = Location.parse("s3://backups/lakefs");
        EventMarks marks = new EventMarks(f.services.storage());
        marks.pending(backup, REPO).forEach(n -> f.services.storage().storeFor(backup)
                .delete(EventMarks.folder(backup, REPO).resolve(n)));
    }

    JsonNode invoke(String secret, String body, boolean base64) throws Exception {
        ObjectNode event = Json.mapper().createObjectNode();
        event.put("version", "2.0");
        event.put("rawPath", "/webhook");
        ObjectNode headers = event.putObject("headers");
        headers.put("content-type", "application/json");
        if (secret != null) {
            headers.put("x-lakefs-backup-secret", secret);
        }
        event.putObject("requestContext").putObject("http").put("method", "POST").put("path", "/webhook");
        event.put("body", base64 ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body);
        event.put("isBase64Encoded", base64);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.mapper().writeValueAsBytes(event)), out, null);
        return Json.mapper().readTree(out.toByteArray());
    }

    static String event(String repo, String branch, String commit) {
        return "{\"event_type\":\"post-commit\",\"repository_id\":\"" + repo + "\",\"branch_id\":\"" + branch
                + "\",\"commit_id\":\"" + commit + "\",\"run_id\":\"run-" + commit + "\"}";
    }

    static JsonNode body(JsonNode response) throws Exception {
        return Json.mapper().readTree(response.get("body").asText());
    }

    @Test
    void anAcceptedEventStartsTheBackupStateMachineOnceForTheBurst() throws Exception {
        JsonNode first = invoke(SECRET, event(REPO, "main", "c1"), false);
        assertThat(first.get("statusCode").asInt()).as(first.toString()).isEqualTo(202);
        assertThat(first.at("/headers/content-type").asText()).isEqualTo("application/json");
        assertThat(body(first).get("outcome").asText()).isEqualTo("start");
        assertThat(starts).hasSize(1);
        String name = starts.get(0)[0];
        assertThat(name).startsWith("ev-" + REPO + "-").hasSizeLessThanOrEqualTo(80);
        assertThat(body(first).get("execution").asText()).isEqualTo(name);
        JsonNode input = Json.mapper().readTree(starts.get(0)[1]);
        assertThat(input.get("repository").asText()).isEqualTo(REPO);
        assertThat(input.get("backup").asText()).isEqualTo("s3://backups/lakefs");

        // the same burst (the execution has not claimed the marks yet): the same name and input again
        JsonNode second = invoke(SECRET, event(REPO, "main", "c2"), true);
        assertThat(second.get("statusCode").asInt()).isEqualTo(202);
        assertThat(starts).hasSize(2);
        assertThat(starts.get(1)[0]).isEqualTo(name);
        assertThat(starts.get(1)[1]).isEqualTo(starts.get(0)[1]);
    }

    @Test
    void aClosedExecutionOfTheOldestNameMakesItStartTheEventsOwnName() throws Exception {
        invoke(SECRET, event(REPO, "main", "c1"), false);
        String oldest = starts.get(0)[0];
        closed.add(oldest); // that execution failed before it claimed the marks
        JsonNode again = invoke(SECRET, event(REPO, "main", "c3"), false);
        assertThat(starts).hasSize(3);
        assertThat(starts.get(1)[0]).isEqualTo(oldest);
        assertThat(starts.get(2)[0]).isNotEqualTo(oldest).startsWith("ev-" + REPO + "-");
        assertThat(body(again).get("execution").asText()).isEqualTo(starts.get(2)[0]);
    }

    @Test
    void badRequestsStartNothing() throws Exception {
        assertThat(invoke(null, event(REPO, "main", "c1"), false).get("statusCode").asInt()).isEqualTo(401);
        assertThat(invoke("wrong-secret-0123456789abcdef012345", event(REPO, "main", "c1"), false)
                .get("statusCode").asInt()).isEqualTo(401);
        assertThat(invoke(SECRET, event("other-repo", "main", "c1"), false).get("statusCode").asInt())
                .isEqualTo(404);
        JsonNode branch = invoke(SECRET, event(REPO, "feature", "c1"), false);
        assertThat(branch.get("statusCode").asInt()).isEqualTo(200);
        assertThat(body(branch).get("outcome").asText()).isEqualTo("ignored");
        assertThat(invoke(SECRET, "not json", false).get("statusCode").asInt()).isEqualTo(400);
        assertThat(starts).isEmpty();
        assertThat(new EventMarks(f.services.storage()).pending(Location.parse("s3://backups/lakefs"), REPO))
                .isEmpty();
        // a GET is not an event
        ObjectNode get = Json.mapper().createObjectNode();
        get.putObject("requestContext").putObject("http").put("method", "GET");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.mapper().writeValueAsBytes(get)), out, null);
        assertThat(Json.mapper().readTree(out.toByteArray()).get("statusCode").asInt()).isEqualTo(405);
    }

    @Test
    void whileABackupHoldsTheLeaseTheEventCoalesces() throws Exception {
        var leases = f.services.steps().leases();
        Location backup = Location.parse("s3://backups/lakefs");
        leases.acquire(backup, REPO, "backup", "held-run", "held-run", "test", false);
        try {
            JsonNode d = invoke(SECRET, event(REPO, "main", "c9"), false);
            assertThat(body(d).get("outcome").asText()).isEqualTo("coalesced");
            assertThat(starts).isEmpty();
            assertThat(new EventMarks(f.services.storage()).pending(backup, REPO)).hasSize(1);
        } finally {
            leases.release(backup, REPO, "held-run");
        }
    }
}
