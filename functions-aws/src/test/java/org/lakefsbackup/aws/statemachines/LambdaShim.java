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
import org.lakefsbackup.aws.handler.StepHandler;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.store.Location;

/**
 * Lambda's Invoke API on loopback, over the real handler classes: {@code POST /invoke/<FunctionName>} runs
 * {@code org.lakefsbackup.aws.handler.<Name>Handler} (the SAM template's naming: {@code XFunction} runs
 * {@code XHandler}) and answers with its output, or, when it throws, with Lambda's error document
 * {@code {"errorType": <exception class name>, "errorMessage"}} and {@code X-Amz-Function-Error: Unhandled}.
 * {@code /s3/get} and {@code /s3/put} read and write objects of the embedded S3 server for the Distributed Map's
 * ItemReader and ResultWriter.
 */
final class LambdaShim implements AutoCloseable {
    private final FunctionServices services;
    private final HttpServer server;
    private final ConcurrentHashMap<String, StepHandler<?, ?>> handlers = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, Integer> invocations = new ConcurrentHashMap<>();

    LambdaShim(FunctionServices services) throws IOException {
        this.services = services;
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

    /** The handler class of a function: {@code XFunction} runs {@code org.lakefsbackup.aws.handler.XHandler}. */
    static Class<?> handlerClass(String function) {
        if (!function.endsWith("Function")) {
            throw new IllegalArgumentException("not a function name: " + function);
        }
        String cls = "org.lakefsbackup.aws.handler." + function.substring(0, function.length() - "Function".length())
                + "Handler";
        try {
            Class<?> c = Class.forName(cls);
            if (!StepHandler.class.isAssignableFrom(c)) {
                throw new IllegalArgumentException(cls + " is not a step handler");
            }
            return c;
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("no handler " + cls + " for " + function, e);
        }
    }

    static StepHandler<?, ?> handlerFor(String function, FunctionServices services) {
        try {
            return (StepHandler<?, ?>) handlerClass(function).getConstructor(FunctionServices.class)
                    .newInstance(services);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot create the handler of " + function, e);
        }
    }

    private void invoke(HttpExchange x) throws IOException {
        String function = x.getRequestURI().getPath().substring("/invoke/".length());
        byte[] payload = x.getRequestBody().readAllBytes();
        invocations.merge(function, 1, Integer::sum);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handlers.computeIfAbsent(function, f -> handlerFor(f, services))
                    .handleRequest(new ByteArrayInputStream(payload), out, null);
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
