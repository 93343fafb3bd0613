package org.lakefsbackup.aws.statemachines;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.aws.handler.StepFunctionHandler;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.store.Location;

/**
 * Lambda's Invoke API on loopback, over the real handler: {@code POST /invoke/<FunctionName>} runs
 * {@link StepFunctionHandler} (every function's handler) on the payload and answers with its output, or, when it
 * throws, with Lambda's error document {@code {"errorType": <exception class name>, "errorMessage"}} and
 * {@code X-Amz-Function-Error: Unhandled}. {@code /s3/get} and {@code /s3/put} read and write objects of the embedded
 * S3 server for the Distributed Map's ItemReader and ResultWriter.
 *
 * <p>{@link #crashAfter} makes an invocation of a step do its work and then fail as a Lambda service error (the
 * function timed out or its environment died after the step's effects), which the definitions retry.
 */
final class LambdaShim implements AutoCloseable {
    private final FunctionServices services;
    private final StepFunctionHandler handler;
    private final HttpServer server;
    /** Invocations per function name. */
    final ConcurrentHashMap<String, Integer> invocations = new ConcurrentHashMap<>();
    /** Invocations per step name. */
    final ConcurrentHashMap<String, Integer> steps = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> crashes = new ConcurrentHashMap<>();

    LambdaShim(FunctionServices services) throws IOException {
        this.services = services;
        this.handler = new StepFunctionHandler(services);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "lambda-shim");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/invoke/", this::invoke);
        server.createContext("/s3/get", this::get);
        server.createContext("/s3/put", this::put);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next {@code times} invocations of {@code step} do their work, then fail as Lambda service errors. */
    void crashAfter(String step, int times) {
        crashes.put(step, times);
    }

    private void invoke(HttpExchange x) throws IOException {
        String function = x.getRequestURI().getPath().substring("/invoke/".length());
        byte[] payload = x.getRequestBody().readAllBytes();
        String step = Json.mapper().readTree(payload).path("step").asText("");
        invocations.merge(function, 1, Integer::sum);
        steps.merge(step, 1, Integer::sum);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(payload), out, null);
            Integer left = crashes.computeIfPresent(step, (k, n) -> n - 1);
            if (left != null && left >= 0) {
                var error = Json.mapper().createObjectNode().put("errorType", "Lambda.ServiceException")
                        .put("errorMessage", "simulated: the function stopped after " + step + " did its work");
                reply(x, 200, Json.mapper().writeValueAsBytes(error), true);
                return;
            }
            reply(x, 200, out.toByteArray(), false);
        } catch (LakeFsBackupException e) {
            var error = Json.mapper().createObjectNode().put("errorType", e.getClass().getName())
                    .put("errorMessage", e.getMessage());
            reply(x, 200, Json.mapper().writeValueAsBytes(error), true);
        } catch (RuntimeException e) {
            reply(x, 500, String.valueOf(e).getBytes(StandardCharsets.UTF_8), false);
        }
    }

    private void get(HttpExchange x) throws IOException {
        JsonNode req = Json.mapper().readTree(x.getRequestBody());
        Location l = new Location(Location.Scheme.S3, req.get("bucket").asText(), "", req.get("key").asText());
        var bytes = services.storage().storeFor(l).get(l);
        if (bytes.isEmpty()) {
            reply(x, 404, ("no object " + l).getBytes(StandardCharsets.UTF_8), false);
        } else {
            reply(x, 200, bytes.get(), false);
        }
    }

    private void put(HttpExchange x) throws IOException {
        JsonNode req = Json.mapper().readTree(x.getRequestBody());
        Location l = new Location(Location.Scheme.S3, req.get("bucket").asText(), "", req.get("key").asText());
        services.storage().storeFor(l).put(l, req.get("body").asText().getBytes(StandardCharsets.UTF_8));
        reply(x, 200, new byte[0], false);
    }

    private static void reply(HttpExchange x, int status, byte[] body, boolean functionError) throws IOException {
        x.getResponseHeaders().add("Content-Type", "application/json");
        if (functionError) {
            x.getResponseHeaders().add("X-Amz-Function-Error", "Unhandled");
        }
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            x.getResponseBody().write(body);
        }
        x.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
