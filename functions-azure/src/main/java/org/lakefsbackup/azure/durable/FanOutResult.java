package org.lakefsbackup.azure.durable;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Output of the {@value DurableWorkflowContext#FAN_OUT} sub-orchestration: one outcome per input, in order. */
public record FanOutResult(List<Entry> outcomes) {
    public FanOutResult {
        outcomes = List.copyOf(outcomes);
    }

    /** The step's output, or the failure's class name and message. */
    public record Entry(JsonNode value, String errorType, String message) {
        public boolean ok() {
            return errorType == null;
        }
    }
}
