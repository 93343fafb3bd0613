package org.lakefsbackup.testkit.lakefs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches {@code /api/v1} calls to handlers by method and path template, checks HTTP Basic credentials, gates
 * endpoints by server version and writes every error as lakeFS's {@code {"message": ...}}. Handlers run one at a
 * time under the emulator's state lock.
 */
final class Router implements HttpHandler {
    static final String BASE = "/api/v1";
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    @FunctionalInterface
    interface Handler {
        Reply handle(ApiRequest request);
    }

    private record Route(String method, String template, String[] segments, boolean authenticated,
            String minVersion, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final Controls controls;
    private final Object stateLock;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    Router(Controls controls, Object stateLock) {
        this.controls = controls;
        this.stateLock = stateLock;
    }

    Router add(String method, String template, Handler handler) {
        return add(method, template, true, null, handler);
    }

    Router add(String method, String template, boolean authenticated, String minVersion, Handler handler) {
        routes.add(new Route(method, template, split(template), authenticated, minVersion, handler));
        return this;
    }

    long count(String key) {
        AtomicLong n = counts.get(key);
        return n == null ? 0 : n.get();
    }

    Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    void resetCounts() {
        counts.clear();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Reply reply;
        try {
            reply = dispatch(exchange);
        } catch (ApiError e) {
            reply = error(e.status(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("emulator failure on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            reply = error(500, String.valueOf(e.getMessage()));
        }
        try {
            send(exchange, reply);
        } finally {
            exchange.close();
        }
    }

    private Reply dispatch(HttpExchange exchange) {
        String rawPath = exchange.getRequestURI().getRawPath();
        if (!rawPath.equals(BASE) && !rawPath.startsWith(BASE + "/")) {
            // lakeFS serves its web UI (a single-page app: index.html for any path) outside the API.
            return Reply.text(200, "<!doctype html><title>lakeFS emulator</title><p>No web UI: the API is at "
                    + BASE + ".</p>");
        }
        String[] segments = split(rawPath.substring(BASE.length()));
        String method = exchange.getRequestMethod();
        boolean pathMatched = false;
        for (Route route : routes) {
            Map<String, String> params = match(route.segments, segments);
            if (params == null || route.minVersion != null && !controls.versionAtLeast(route.minVersion)) {
                continue;
            }
            if (!route.method.equals(method)) {
                pathMatched = true;
                continue;
            }
            if (route.authenticated) {
                authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
            }
            counts.computeIfAbsent(method + " " + route.template, k -> new AtomicLong()).incrementAndGet();
            ApiRequest request = new ApiRequest(exchange, params);
            synchronized (stateLock) {
                return route.handler.handle(request);
            }
        }
        if (pathMatched) {
            throw new ApiError(405, "method not allowed");
        }
        throw ApiError.notFound("path not found: " + rawPath);
    }

    private void authenticate(String header) {
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0 && decoded.substring(0, colon).equals(controls.accessKeyId)
                        && decoded.substring(colon + 1).equals(controls.secretAccessKey)) {
                    return;
                }
            } catch (IllegalArgumentException e) {
                // malformed credentials: rejected below like wrong ones
            }
        }
        throw ApiError.unauthorized("error authenticating request");
    }

    private static Map<String, String> match(String[] template, String[] path) {
        if (template.length != path.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{") && t.endsWith("}")) {
                if (path[i].isEmpty()) {
                    return null;
                }
                params.put(t.substring(1, t.length() - 1), ApiRequest.decode(path[i].replace("+", "%2B")));
            } else if (!t.equals(path[i])) {
                return null;
            }
        }
        return params;
    }

    private static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }

    private static Reply error(int status, String message) {
        return Reply.json(status, Map.of("message", message));
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        if (reply.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        }
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        boolean noBody = reply.body().length == 0 || exchange.getRequestMethod().equals("HEAD")
                || reply.status() == 204;
        exchange.sendResponseHeaders(reply.status(), noBody ? -1 : reply.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        }
    }
}
