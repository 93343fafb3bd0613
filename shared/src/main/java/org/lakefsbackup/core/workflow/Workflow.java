package org.lakefsbackup.core.workflow;

/**
 * A workflow definition: a sequence of catalog steps written once against {@link WorkflowContext} and run by every
 * host.
 *
 * @param <I> its input record
 * @param <O> its output record
 */
public interface Workflow<I, O> {
    /** The workflow's name: {@code backup}, {@code restore}, {@code backup-all}. */
    String name();

    Class<I> inputType();

    Class<O> outputType();

    /** Runs the workflow; a failure propagates as the core's exception after the workflow's own clean-up. */
    O run(WorkflowContext ctx, I input);
}
