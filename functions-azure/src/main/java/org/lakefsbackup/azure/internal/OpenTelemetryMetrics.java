package org.lakefsbackup.azure.internal;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleGauge;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.lakefsbackup.azure.StepMetrics;
import org.lakefsbackup.core.step.StepMetric;

/**
 * The steps' metrics as OpenTelemetry instruments of meter {@code lakefs-backup}, which the Application Insights
 * Java agent of Azure Functions ({@code APPLICATIONINSIGHTS_CONNECTION_STRING}, agent on by default on Java 17+)
 * sends to Application Insights as custom metrics ({@code customMetrics}): one counter per {@link StepMetric} name
 * (unit {@code 1} or {@code By}; a gauge for a current value such as {@code HoursSinceLastBackup}, unit {@code h}),
 * {@code StepDuration} (ms, a histogram) and {@code StepFailed}, each with the
 * dimensions {@code step} and {@code repository}. The orchestration instance is not a dimension (it would make every
 * run its own time series); logs carry it. Without an agent the global OpenTelemetry is a no-op. Thread-safe.
 */
public final class OpenTelemetryMetrics implements StepMetrics {
    private static final AttributeKey<String> STEP = AttributeKey.stringKey("step");
    private static final AttributeKey<String> REPOSITORY = AttributeKey.stringKey("repository");

    private final Meter meter;
    private final Map<String, DoubleCounter> counters = new ConcurrentHashMap<>();
    private final Map<String, DoubleGauge> gauges = new ConcurrentHashMap<>();
    private final DoubleHistogram duration;

    /** Metrics through the process's global OpenTelemetry (the Application Insights agent's). */
    public OpenTelemetryMetrics() {
        this(GlobalOpenTelemetry.get());
    }

    public OpenTelemetryMetrics(OpenTelemetry openTelemetry) {
        this.meter = openTelemetry.getMeter("lakefs-backup");
        this.duration = meter.histogramBuilder("StepDuration").setUnit("ms")
                .setDescription("how long a workflow step ran").build();
    }

    @Override
    public void record(String step, String repository, String instance, List<StepMetric> metrics, long millis,
                       boolean failed) {
        AttributesBuilder builder = Attributes.builder().put(STEP, step);
        if (repository != null) {
            builder.put(REPOSITORY, repository);
        }
        Attributes attributes = builder.build();
        for (StepMetric m : metrics) {
            String unit = switch (m.unit()) {
                case COUNT -> "1";
                case BYTES -> "By";
                case MILLISECONDS -> "ms";
                case HOURS -> "h";
            };
            Attributes these = m.repository() == null ? attributes
                    : attributes.toBuilder().put(REPOSITORY, m.repository()).build();
            if (m.level()) {
                gauge(m.name(), unit).set(m.value(), these);
            } else {
                counter(m.name(), unit).add(m.value(), these);
            }
        }
        if (failed) {
            counter("StepFailed", "1").add(1, attributes);
        }
        duration.record(millis, attributes);
    }

    private DoubleGauge gauge(String name, String unit) {
        return gauges.computeIfAbsent(name, n -> meter.gaugeBuilder(n).setUnit(unit).build());
    }

    private DoubleCounter counter(String name, String unit) {
        return counters.computeIfAbsent(name, n -> meter.counterBuilder(n).ofDoubles().setUnit(unit).build());
    }
}
