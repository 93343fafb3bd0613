package org.lakefsbackup.testkit.lakefs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * lakeFS actions, as far as the emulator runs them: after a commit, the action files committed under
 * {@code _lakefs_actions/} whose {@code on: post-commit} names the branch (or names no branches) run their
 * {@code webhook} hooks, in the background and in commit order, as lakeFS runs post-event hooks. Each event with a
 * matching action is one action run ({@code GET /repositories/{repository}/actions/runs}): {@code completed}, or
 * {@code failed} when a hook answered other than 2xx, could not be reached, or its file does not parse. A hook's
 * body is lakeFS's event ({@code event_type}, {@code event_time}, {@code action_name}, {@code hook_id},
 * {@code repository_id}, {@code branch_id}, {@code source_ref}, {@code commit_id}, {@code commit_message},
 * {@code committer}, {@code commit_metadata}); its header values may use {@code {{ ENV.LAKEFSACTION_... }}}, filled
 * from the emulator's actions environment (lakeFS passes only variables starting with {@code LAKEFSACTION_}; a
 * missing one fails the run). Other hook types, merges and pre-event hooks are not run.
 */
final class Actions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Actions.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern ENV = Pattern.compile("\\{\\{\\s*ENV\\.([A-Za-z0-9_]+)\\s*}}");
    private static final Pattern TIMEOUT = Pattern.compile("^(\\d+)(ms|s|m)$");
    static final String PREFIX = "_lakefs_actions/";

    private final EmulatorState state;
    private final java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
    private final Map<String, String> environment;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lakefs-emulator-actions");
        t.setDaemon(true);
        return t;
    });

    Actions(EmulatorState state, Map<String, String> environment) {
        this.state = state;
        this.environment = Map.copyOf(environment);
    }

    void register(Router r) {
        r.add("GET", "/repositories/{repository}/actions/runs", req -> {
            RepoState repo = state.repo(req.path("repository"));
            return Reply.ok(Listing.page(repo.actionRuns.values(), Dto.ActionRun::runId, req.query("after"),
                    req.queryInt("amount")));
        });
    }

    /**
     * After a commit to {@code branch} (called under the state lock, with the committed tree): queues the run of
     * the post-commit actions that tree holds for the branch.
     */
    void afterCommit(RepoState repo, String branch, CommitRecord commit, TreeMap<String, Entry> tree) {
        Map<String, byte[]> files = new TreeMap<>();
        tree.subMap(PREFIX, PREFIX + Character.MAX_VALUE).forEach((path, entry) -> {
            if (path.endsWith(".yaml") || path.endsWith(".yml")) {
                files.put(path, state.namespaces.readObject(repo.namespace, entry));
            }
        });
        if (files.isEmpty()) {
            return;
        }
        // run ids sort newest first, as lakeFS's do
        String runId = String.format(java.util.Locale.ROOT, "%010d", Integer.MAX_VALUE - runs.incrementAndGet())
                + IdGenerator.runId().substring(0, 8);
        Instant raised = state.controls.clock.instant();
        runner.execute(() -> run(repo, branch, commit, files, runId, raised));
    }

    private void run(RepoState repo, String branch, CommitRecord commit, Map<String, byte[]> files, String runId,
                     Instant raised) {
        boolean matched = false;
        boolean failed = false;
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            JsonNode action;
            try {
                action = YAML.readTree(file.getValue());
            } catch (IOException e) {
                LOG.warn("action file {} of {} does not parse: {}", file.getKey(), repo.name, e.getMessage());
                matched = true;
                failed = true;
                continue;
            }
            if (!triggers(action.path("on").path("post-commit"), action.path("on").has("post-commit"), branch)) {
                continue;
            }
            matched = true;
            for (JsonNode hook : action.path("hooks")) {
                if (!"webhook".equals(hook.path("type").asText())) {
                    continue;
                }
                failed |= !post(repo, branch, commit, runId, raised, action.path("name").asText(), hook);
            }
        }
        if (matched) {
            Dto.ActionRun record = new Dto.ActionRun(runId, branch, raised.toString(),
                    state.controls.clock.instant().toString(), "post-commit", failed ? "failed" : "completed",
                    commit.id());
            synchronized (state.lock) {
                repo.actionRuns.put(runId, record);
            }
        }
    }

    private static boolean triggers(JsonNode event, boolean present, String branch) {
        if (!present) {
            return false;
        }
        JsonNode branches = event.path("branches");
        if (!branches.isArray() || branches.isEmpty()) {
            return true;
        }
        for (JsonNode pattern : branches) {
            if (Glob.matches(pattern.asText(), branch)) {
                return true;
            }
        }
        return false;
    }

    /** Sends one webhook; whether it answered 2xx. */
    private boolean post(RepoState repo, String branch, CommitRecord commit, String runId, Instant raised,
                         String actionName, JsonNode hook) {
        JsonNode properties = hook.path("properties");
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event_type", "post-commit");
        event.put("event_time", raised.toString());
        event.put("action_name", actionName);
        event.put("hook_id", hook.path("id").asText());
        event.put("repository_id", repo.name);
        event.put("branch_id", branch);
        event.put("source_ref", branch);
        event.put("commit_id", commit.id());
        event.put("commit_message", commit.message());
        event.put("committer", commit.committer());
        event.put("commit_metadata", commit.metadata());
        event.put("run_id", runId);
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(properties.path("url").asText()))
                    .timeout(timeout(properties.path("timeout").asText("1m")))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(event)));
            for (var header : (Iterable<Map.Entry<String, JsonNode>>) () -> properties.path("headers").fields()) {
                request.header(header.getKey(), fill(header.getValue().asText()));
            }
            int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 != 2) {
                LOG.info("hook {} of {} answered {}", hook.path("id").asText(), repo.name, status);
            }
            return status / 100 == 2;
        } catch (IOException | IllegalArgumentException e) {
            LOG.info("hook {} of {} failed: {}", hook.path("id").asText(), repo.name, e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A header value with its {@code {{ ENV.X }}} filled; IllegalArgumentException when X is not available. */
    private String fill(String template) {
        Matcher m = ENV.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = name.startsWith("LAKEFSACTION_") ? environment.get(name) : null;
            if (value == null) {
                throw new IllegalArgumentException("no environment variable " + name + " for actions");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Duration timeout(String text) {
        Matcher m = TIMEOUT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("hook timeout: " + text);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
    }

    @Override
    public void close() {
        runner.shutdownNow();
        try {
            runner.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
