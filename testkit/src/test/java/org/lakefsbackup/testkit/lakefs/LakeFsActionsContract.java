package org.lakefsbackup.testkit.lakefs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.lakefs.clients.sdk.ActionsApi;
import io.lakefs.clients.sdk.BranchesApi;
import io.lakefs.clients.sdk.model.ActionRun;
import io.lakefs.clients.sdk.model.BranchCreation;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * lakeFS actions as the event-triggered backups use them (post-commit webhooks): what the emulator claims, run
 * against the emulator and real lakeFS (one subclass each).
 */
abstract class LakeFsActionsContract {
    static final Duration WAIT = Duration.ofSeconds(60);

    /** A fresh lakeFS for one test. */
    abstract EmulatorFixture newFixture();

    final EmulatorFixture fx = newFixture();
    private HttpServer receiver;

    /** One request the receiver got: the path it was posted to, its header, its body. */
    record Received(String path, String header, JsonNode body) {
    }

    @AfterEach
    void tearDown() {
        if (receiver != null) {
            receiver.stop(0);
        }
        fx.close();
    }

    @Test
    void postCommitWebhooksGetTheEventForMatchingBranchesAndFailedHooksFailTheRun() throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        receiver.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("X-Contract"), new ObjectMapper().readTree(body)));
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/fail") ? 500 : 200, -1);
            exchange.close();
        });
        receiver.start();
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();

        fx.createRepository("actions-repo", "s3://bucket/actions-repo");
        SampleRepository sample = new SampleRepository(fx.client);
        new BranchesApi(fx.client).createBranch("actions-repo", new BranchCreation().name("dev").source("main"))
                .execute();
        sample.uploadBytes("actions-repo", "main", "_lakefs_actions/notify.yaml", action("notify", "main", base
                + "/ok", "{{ ENV.LAKEFSACTION_CONTRACT_VALUE }}"));
        sample.uploadBytes("actions-repo", "main", "_lakefs_actions/failing.yaml", action("failing", "release-*",
                base + "/fail", "plain"));
        String first = sample.commit("actions-repo", "main", "add the actions");

        // the commit that adds an action runs it already (post-commit reads the committed tree)
        await("the hook of " + first, () -> received.stream().anyMatch(r -> r.body().path("commit_id").asText()
                .equals(first)));
        Received hook = received.stream().filter(r -> r.body().path("commit_id").asText().equals(first))
                .findFirst().orElseThrow();
        assertThat(hook.path()).isEqualTo("/ok");
        assertThat(hook.header()).as("the header filled from the environment").isEqualTo("value-from-the-environment");
        assertThat(hook.body().path("event_type").asText()).isEqualTo("post-commit");
        assertThat(hook.body().path("repository_id").asText()).isEqualTo("actions-repo");
        assertThat(hook.body().path("branch_id").asText()).isEqualTo("main");
        assertThat(hook.body().path("action_name").asText()).isEqualTo("notify");
        assertThat(hook.body().path("hook_id").asText()).isEqualTo("notify_hook");
        await("the run of " + first, () -> status("actions-repo", first) != null);
        assertThat(status("actions-repo", first)).isEqualTo(ActionRun.StatusEnum.COMPLETED);

        // a branch no action names: no hook, no run (dev has no action files either; merge them in by a commit)
        sample.upload("actions-repo", "dev", Map.of("dev.txt", "dev"));
        String onDev = sample.commit("actions-repo", "dev", "on dev");
        assertThat(received).noneMatch(r -> r.body().path("commit_id").asText().equals(onDev));

        // a release branch: the failing action's hook answers 500, and the run is failed
        new BranchesApi(fx.client).createBranch("actions-repo", new BranchCreation().name("release-1")
                .source("main")).execute();
        sample.upload("actions-repo", "release-1", Map.of("r.txt", "r"));
        String onRelease = sample.commit("actions-repo", "release-1", "on release");
        await("the run of " + onRelease, () -> status("actions-repo", onRelease) != null);
        assertThat(status("actions-repo", onRelease)).isEqualTo(ActionRun.StatusEnum.FAILED);
        assertThat(received).anyMatch(r -> r.path().equals("/fail")
                && r.body().path("commit_id").asText().equals(onRelease));
        assertThat(received).noneMatch(r -> r.path().equals("/ok")
                && r.body().path("commit_id").asText().equals(onRelease));
        assertThat(status("actions-repo", onDev)).as("no run on dev").isNull();
    }

    private static byte[] action(String name, String branch, String url, String header) {
        return ("name: " + name + "\n"
                + "on:\n"
                + "  post-commit:\n"
                + "    branches:\n"
                + "      - \"" + branch + "\"\n"
                + "hooks:\n"
                + "  - id: " + name + "_hook\n"
                + "    type: webhook\n"
                + "    properties:\n"
                + "      url: \"" + url + "\"\n"
                + "      timeout: 30s\n"
                + "      headers:\n"
                + "        X-Contract: \"" + header + "\"\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The status of the action run for {@code commit}, or {@code null} while there is none. */
    private ActionRun.StatusEnum status(String repo, String commit) {
        try {
            return new ActionsApi(fx.client).listRepositoryRuns(repo).execute().getResults().stream()
                    .filter(r -> r.getCommitId().equals(commit)).map(ActionRun::getStatus).findFirst().orElse(null);
        } catch (io.lakefs.clients.sdk.ApiException e) {
            throw new AssertionError(e);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out after %s waiting for %s", WAIT, what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
