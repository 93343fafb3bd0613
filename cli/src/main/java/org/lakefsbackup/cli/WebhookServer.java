package org.lakefsbackup.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.trigger.EventTrigger;
import org.lakefsbackup.core.trigger.TriggerDecision;
import org.lakefsbackup.core.trigger.WebhookSecret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The on-premises webhook host ({@code lakefs-backup webhook}): a JDK HTTP server answering {@code POST /webhook}
 * with the core's {@link EventTrigger} and running the backups it asks for in this process, one thread per run. A
 * run is named as the decision says (the oldest pending event's name first): while a run of that name is going on,
 * another event of the same burst starts nothing, as a Step Functions execution name dedupes on AWS.
 */
public final class WebhookServer implements AutoCloseable {
    /** The path lakeFS actions post to. */
    public static final String PATH = "/webhook";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookServer.class);
    private static final int MAX_BODY = 1 << 20;

    /** Runs one backup of {@code repository} under the run id {@code runName}, in the calling thread. */
    @FunctionalInterface
    public interface Backups {
        void run(String repository, String runName) throws Exception;
    }

    private final HttpServer server;
    private final EventTrigger trigger;
    private final Backups backups;
    private final ExecutorService runs = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "webhook-backup");
        t.setDaemon(false);
        return t;
    });
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final AtomicInteger finished = new AtomicInteger();

    private WebhookServer(HttpServer server, EventTrigger trigger, Backups backups) {
        this.server = server;
        this.trigger = trigger;
        this.backups = backups;
    }

    /** Starts serving on {@code address} (port 0: any free port). */
    public static WebhookServer start(InetSocketAddress address, EventTrigger trigger, Backups backups)
            throws IOException {
        HttpServer http = HttpServer.create(address, 16);
        WebhookServer s = new WebhookServer(http, Objects.requireNonNull(trigger, "trigger"),
                Objects.requireNonNull(backups, "backups"));
        http.createContext(PATH, s::handle);
        http.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "webhook-http");
            t.setDaemon(true);
            return t;
        }));
        http.start();
        LOG.info("serving lakeFS webhooks at http://{}:{}{}", address.getHostString(), http.getAddress().getPort(),
                PATH);
        return s;
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Backup runs finished (successfully or not) since the start. */
    public int runsFinished() {
        return finished.get();
    }

    /** Whether no backup run is going on. */
    public boolean idle() {
        return running.isEmpty();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, Map.of("message", "POST a lakeFS event to " + PATH));
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            if (body.length > MAX_BODY) {
                respond(exchange, 413, Map.of("message", "the body exceeds " + MAX_BODY + " bytes"));
                return;
            }
            TriggerDecision d;
            try {
                d = trigger.handle(exchange.getRequestHeaders().getFirst(WebhookSecret.HEADER), body);
            } catch (RuntimeException e) {
                LOG.error("a webhook request failed: {}", e.toString());
                respond(exchange, 503, Map.of("message", "the webhook could not record the event: "
                        + e.getClass().getSimpleName()));
                return;
            }
            respond(exchange, d.status(), d.answer("run", d.start() ? start(d.repository(), d.startNames().get(0))
                    : null));
        }
    }

    /** Starts the run {@code name} unless a run of that name is going on; returns the name. */
    private String start(String repository, String name) {
        if (!running.add(name)) {
            LOG.info("backup {} of {} is already running: it covers this event", name, repository);
            return name;
        }
        runs.execute(() -> {
            try {
                backups.run(repository, name);
            } catch (Exception e) {
                LOG.error("backup {} of {} failed: {}", name, repository, e.getMessage());
            } finally {
                running.remove(name);
                finished.incrementAndGet();
            }
        });
        return name;
    }

    private static void respond(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
        byte[] json = Json.write(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, json.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(json);
        }
    }

    /** Stops accepting requests and waits (at most {@code grace}) for running backups to finish. */
    public void close(Duration grace) {
        server.stop(0);
        runs.shutdown();
        try {
            if (!runs.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("backups still running after {}: their leases lapse and the next run resumes them", grace);
                runs.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            runs.shutdownNow();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
