package org.lakefsbackup.aws.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;

/**
 * Formats log events as single-line JSON: {@code timestamp}, {@code level}, {@code logger}, {@code message}, every
 * MDC entry ({@code correlation_id}, {@code function}...) and, for failures, {@code error_type} and
 * {@code error_message}. Stack traces are left out (the error type names the contract class).
 */
public final class JsonLogSink {
    private static final JsonFactory FACTORY = new JsonFactory();
    private final PrintStream out;

    public JsonLogSink(PrintStream out) {
        this.out = out;
    }

    public void write(String level, String logger, String message, Map<String, String> mdc, Throwable error) {
        StringWriter buffer = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(buffer)) {
            g.writeStartObject();
            g.writeStringField("timestamp", Instant.now().toString());
            g.writeStringField("level", level);
            g.writeStringField("logger", logger);
            g.writeStringField("message", message);
            if (mdc != null) {
                for (var e : mdc.entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
            }
            if (error != null) {
                g.writeStringField("error_type", error.getClass().getName());
                g.writeStringField("error_message", String.valueOf(error.getMessage()));
            }
            g.writeEndObject();
        } catch (IOException e) {
            return;
        }
        out.println(buffer);
    }
}
