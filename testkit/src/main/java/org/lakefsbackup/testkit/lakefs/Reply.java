package org.lakefsbackup.testkit.lakefs;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What a handler answers: status, content type, body and extra headers. */
record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {

    /** A JSON body, newline-terminated as lakeFS's encoder writes it. */
    static Reply json(int status, Object value) {
        byte[] json = Json.write(value);
        byte[] body = java.util.Arrays.copyOf(json, json.length + 1);
        body[json.length] = '\n';
        return new Reply(status, "application/json", body, Map.of());
    }

    static Reply ok(Object value) {
        return json(200, value);
    }

    static Reply created(Object value) {
        return json(201, value);
    }

    static Reply empty(int status) {
        return new Reply(status, null, new byte[0], Map.of());
    }

    static Reply text(int status, String text) {
        return new Reply(status, "text/html", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static Reply bytes(byte[] body, Map<String, String> headers) {
        return new Reply(200, "application/octet-stream", body, headers);
    }

    Reply withHeader(String name, String value) {
        var h = new java.util.LinkedHashMap<>(headers);
        h.put(name, value);
        return new Reply(status, contentType, body, Map.copyOf(h));
    }
}
