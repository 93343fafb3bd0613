package org.lakefsbackup.aws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CloudWatch metrics in the Embedded Metric Format: each {@link #emit} prints one JSON line to the function's log,
 * which CloudWatch turns into metrics in {@code namespace} with the dimension {@code Function} (and
 * {@code Repository} when known). The correlation id rides along as a property, not a dimension. Thread-safe.
 */
public final class Metrics {
    /** A metric's CloudWatch unit ({@code None} for hours, which CloudWatch has no unit for). */
    public enum Unit {
        Count, Bytes, Milliseconds, None
    }

    /** One value to emit. */
    public record Value(String name, double value, Unit unit) {
    }

    private static final JsonFactory FACTORY = new JsonFactory();

    private final String namespace;
    private final PrintStream out;
    private final Clock clock;

    public Metrics(String namespace, PrintStream out, Clock clock) {
        this.namespace = namespace;
        this.out = out;
        this.clock = clock;
    }

    /** Emits the values as one EMF document. */
    public void emit(String function, String repository, String correlationId, Value... values) {
        emit(function, repository, correlationId, Map.of(), values);
    }

    /**
     * Emits the values as one EMF document that also carries the S3 requests the invocation sent, by operation, as
     * the property {@code store_requests} (a log field for CloudWatch Logs Insights, not a metric: no metric cost).
     */
    public void emit(String function, String repository, String correlationId, Map<String, Long> storeRequests,
                     Value... values) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put("Function", function);
        if (repository != null) {
            dimensions.put("Repository", repository);
        }
        StringWriter buffer = new StringWriter(512);
        try (JsonGenerator g = FACTORY.createGenerator(buffer)) {
            g.writeStartObject();
            g.writeObjectFieldStart("_aws");
            g.writeNumberField("Timestamp", clock.millis());
            g.writeArrayFieldStart("CloudWatchMetrics");
            g.writeStartObject();
            g.writeStringField("Namespace", namespace);
            g.writeArrayFieldStart("Dimensions");
            g.writeStartArray();
            for (String d : dimensions.keySet()) {
                g.writeString(d);
            }
            g.writeEndArray();
            g.writeEndArray();
            g.writeArrayFieldStart("Metrics");
            for (Value v : values) {
                g.writeStartObject();
                g.writeStringField("Name", v.name());
                g.writeStringField("Unit", v.unit().name());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            for (var d : dimensions.entrySet()) {
                g.writeStringField(d.getKey(), d.getValue());
            }
            if (correlationId != null) {
                g.writeStringField("correlation_id", correlationId);
            }
            for (Value v : values) {
                g.writeNumberField(v.name(), v.value());
            }
            if (!storeRequests.isEmpty()) {
                g.writeObjectFieldStart("store_requests");
                for (var r : new java.util.TreeMap<>(storeRequests).entrySet()) {
                    g.writeNumberField(r.getKey(), r.getValue());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            return;
        }
        out.println(buffer);
    }

    public static Value count(String name, double value) {
        return new Value(name, value, Unit.Count);
    }

    public static Value bytes(String name, double value) {
        return new Value(name, value, Unit.Bytes);
    }

    public static Value millis(String name, double value) {
        return new Value(name, value, Unit.Milliseconds);
    }
}
