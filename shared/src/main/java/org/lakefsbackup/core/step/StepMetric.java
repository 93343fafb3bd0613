package org.lakefsbackup.core.step;

import java.util.Objects;

/** A number a step's output reports, published by hosts as a metric (CloudWatch EMF, Application Insights). */
public record StepMetric(String name, double value, Unit unit) {
    public enum Unit { COUNT, BYTES, MILLISECONDS }

    public StepMetric {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
    }

    public static StepMetric count(String name, double value) {
        return new StepMetric(name, value, Unit.COUNT);
    }

    public static StepMetric bytes(String name, double value) {
        return new StepMetric(name, value, Unit.BYTES);
    }
}
