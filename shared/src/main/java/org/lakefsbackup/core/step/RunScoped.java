package org.lakefsbackup.core.step;

/**
 * A step input that belongs to a run holding a lease: hosts that run one step at a time (a cloud function) confirm
 * and renew the lease before the step and while it runs, so a run whose lease was taken over stops instead of
 * interfering. Inputs without a run ({@code null}) skip that.
 */
public interface RunScoped {
    /** The run, or {@code null} when the input belongs to none. */
    RunRef run();
}
