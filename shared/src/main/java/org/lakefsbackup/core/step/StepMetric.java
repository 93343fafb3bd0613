package org.lakefsbackup.core.step;

import java.util.Objects;

/**
 * A number a step's output reports, published by hosts as a metric (CloudWatch EMF, Application Insights).
 *
 * @param repository the repository the value is about when it differs per repository within one step's output
 *                   (published with that dimension); {@code null} for the step's repository, if any
 * @param level      a current value (a gauge: the hours since a repository's last backup) rather than an amount to
 *                   add up (a counter: objects copied)
 */
public record StepMetric(String name, double value, Unit unit, String repository, boolean level) {
    public enum Unit { COUNT, BYTES, MILLISECONDS, HOURS }

    public StepMetric {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
    }

    /** An amount of the step's own repository (if any). */
    public StepMetric(String name, double value, Unit unit) {
        this(name, value, unit, null, false);
    }

    public static StepMetric count(String name, double value) {
        return new StepMetric(name, value, Unit.COUNT);
    }

    public static StepMetric bytes(String name, double value) {
        return new StepMetric(name, value, Unit.BYTES);
    }

    /** A current value, of {@code repository} or ({@code null}) of the whole location or environment. */
    public static StepMetric level(String name, double value, Unit unit, String repository) {
        return new StepMetric(name, value, unit, repository, true);
    }
}
