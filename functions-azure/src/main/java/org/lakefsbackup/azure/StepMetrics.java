package org.lakefsbackup.azure;

import java.util.List;
import org.lakefsbackup.core.step.StepMetric;

/**
 * Where the activities report the numbers of a step ({@link StepMetric}s: objects and bytes copied, plans,
 * verifications) and its duration. In Azure: Application Insights custom metrics
 * ({@link org.lakefsbackup.azure.internal.OpenTelemetryMetrics}).
 */
public interface StepMetrics {
    /**
     * Records one step invocation.
     *
     * @param step       the catalog step
     * @param repository the repository whose lease the run holds, or {@code null}
     * @param instance   the orchestration instance (the correlation id)
     * @param metrics    the step's metrics (none after a failure)
     * @param millis     how long it ran
     * @param failed     whether it failed
     */
    void record(String step, String repository, String instance, List<StepMetric> metrics, long millis,
                boolean failed);
}
