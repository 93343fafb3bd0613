package org.lakefsbackup.testkit.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;

/**
 * One way of running the core's workflows, as a product host runs them: the CLI's in-process runner, the Step
 * Functions definitions over the Lambda handlers, (later) the Durable orchestrations. The scenario contract
 * ({@link WorkflowScenarios}) runs the same scenarios on every host and expects the same outcomes.
 */
public interface WorkflowHost extends AutoCloseable {

    /**
     * Runs {@code workflow} ({@code backup}, {@code restore}, {@code backup-all}, {@code prune}, {@code prune-all}) to its end as the host runs it, with
     * its retries, timers and fan-out. The run id is taken from {@code executionName}, as every host takes it from
     * its execution.
     *
     * @param input the workflow's input as the host's users give it (snake_case JSON fields)
     */
    Execution run(String workflow, String executionName, Map<String, Object> input);

    /**
     * Makes the next run lose its work right after the first invocation of {@code step} has done its effects, as a
     * killed process or a timed-out function would, and recover as the host does in production: the in-process host
     * is run again by its operator (the same execution), a state machine retries the step.
     */
    void crashAfter(String step);

    /** Configures the next runs with these environment variables (the names every host reads). */
    void environment(Map<String, String> env);

    @Override
    void close();

    /**
     * How a run ended.
     *
     * @param succeeded whether it ended well
     * @param errorType the failure's class name (as Step Functions reports it), or {@code null}
     * @param output    the workflow's output, or {@code null} after a failure
     * @param steps     how often each step was invoked
     */
    record Execution(boolean succeeded, String errorType, JsonNode output, Map<String, Integer> steps) {
        public Execution {
            steps = Map.copyOf(Objects.requireNonNull(steps, "steps"));
        }

        public int invocations(String step) {
            return steps.getOrDefault(step, 0);
        }
    }
}
