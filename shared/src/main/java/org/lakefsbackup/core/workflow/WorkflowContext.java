package org.lakefsbackup.core.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.lakefsbackup.core.step.StepDefinition;

/**
 * The orchestration port the workflow definitions are written against, shaped like durabletask's
 * {@code TaskOrchestrationContext}: call a catalog step (with its retry policy), fan out over many inputs and wait
 * for all, run child workflows, a durable timer, the current time and new ids. A workflow does nothing else: no
 * I/O, no clock, no randomness of its own, so a host may replay it (Durable Functions) or run it directly (the CLI's
 * {@link InProcessRunner}). Step Functions runs the same sequence from {@code statemachines/*.asl.json}.
 */
public interface WorkflowContext {
    /**
     * Runs a step, retrying retryable failures as its {@link StepDefinition#retry()} says.
     *
     * @throws org.lakefsbackup.core.error.LakeFsBackupException the step's last failure
     */
    <I, O> O call(StepDefinition<I, O> step, I input);

    /**
     * Runs a step once per input, as many at a time as the host allows, and waits for all; each failure (after the
     * step's retries) is returned as data, in input order.
     */
    <I, O> List<Outcome<O>> callAll(StepDefinition<I, O> step, List<I> inputs);

    /** Runs a child workflow per input and waits for all; failures are returned as data, in input order. */
    <I, O> List<Outcome<O>> runAll(Workflow<I, O> workflow, List<I> inputs);

    /** Waits (a durable timer). */
    void sleep(Duration duration);

    /** The current time (replay-safe). */
    Instant now();

    /** A new unique id (replay-safe); valid as a run id. */
    String newId();

    /** Whether the workflow code is being replayed (log nothing then). */
    default boolean replaying() {
        return false;
    }
}
