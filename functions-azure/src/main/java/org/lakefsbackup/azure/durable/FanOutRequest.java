package org.lakefsbackup.azure.durable;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.lakefsbackup.core.step.StepCatalog;

/**
 * Input of the {@value DurableWorkflowContext#FAN_OUT} sub-orchestration: one batch of a step's fan-out.
 *
 * @param step   the catalog step
 * @param width  activities in flight at most
 * @param inputs the step's inputs
 */
public record FanOutRequest(String step, int width, List<JsonNode> inputs) {
    public FanOutRequest {
        StepCatalog.get(step);
        if (width < 1) {
            throw new IllegalArgumentException("width must be positive");
        }
        inputs = List.copyOf(inputs);
    }
}
