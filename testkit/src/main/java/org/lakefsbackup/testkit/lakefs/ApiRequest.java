package org.lakefsbackup.testkit.lakefs;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** One API call: path parameters, query parameters, headers and the body. */
final class ApiRequest {
    private final HttpExchange exchange;
    private final Map<String, String> pathParams;
    private final Map<String, String> query;
    private byte[] body;

    ApiRequest(HttpExchange exchange, Map<String, String> pathParams) {
        this.exchange = exchange;
        this.pathParams = pathParams;
        this.query = parseQuery(exchange.getRequestURI().getRawQuery());
    }

    String path(String name) {
        return pathParams.get(name);
    }

    String query(String name) {
        return query.get(name);
    }

    /** A required query parameter; a missing one is a 400 as in lakeFS's request validation. */
    String requiredQuery(String name) {
        String v = query.get(name);
        if (v == null) {
            throw ApiError.badRequest("parameter \"" + name + "\" in query has an error: value is required but missing");
        }
        return v;
    }

    boolean queryFlag(String name) {
        return Boolean.parseBoolean(query.get(name));
    }

    Integer queryInt(String name) {
        String v = query.get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("parameter \"" + name + "\" in query has an error: value " + v
                    + ": an invalid integer");
        }
    }

    String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    byte[] body() {
        if (body == null) {
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return body;
    }

    JsonNode json() {
        byte[] b = body();
        if (b.length == 0) {
            throw ApiError.badRequest("request body has an error: value is required but missing");
        }
        return Json.parseBody(b);
    }

    /**
     * The bytes of an upload: the {@code content} part of a {@code multipart/form-data} body (what the SDKs send)
     * or the raw body otherwise.
     */
    byte[] uploadContent() {
        String type = header("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return body();
        }
        String boundary = null;
        for (String param : type.split(";")) {
            String p = param.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                boundary = p.substring("boundary=".length()).replace("\"", "");
            }
        }
        if (boundary == null) {
            throw ApiError.badRequest("multipart body without boundary");
        }
        return Multipart.part(body(), boundary, "content");
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        Arrays.stream(raw.split("&")).filter(s -> !s.isEmpty()).forEach(pair -> {
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.putIfAbsent(k, v);
        });
        return out;
    }

    static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
