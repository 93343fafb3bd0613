package org.lakefsbackup.core.step;

import org.lakefsbackup.core.copy.ProgressListener;
import org.lakefsbackup.core.lease.LeaseHeartbeat;
import org.lakefsbackup.core.lease.Leases;

/**
 * Runs one catalog step the way hosts that run a single step per invocation do (a Lambda function, a Durable
 * activity): once, without retries (the host's workflow retries), with the run's lease confirmed and renewed before
 * a step that {@linkplain StepDefinition#needsLease() needs it} and kept alive while the step works. A run whose lease was taken over stops with CONFLICT instead of
 * interfering.
 */
public final class StepExecutor {
    private StepExecutor() {
    }

    public static <I, O> O execute(StepDefinition<I, O> step, I input, StepServices services,
                                   ProgressListener progress) {
        RunRef run = step.needsLease() && input instanceof RunScoped scoped ? scoped.run() : null;
        if (run == null) {
            return step.run(services, input, progress);
        }
        Leases leases = services.leases();
        leases.renew(run.backupLocation(), run.lease(), run.owner());
        try (LeaseHeartbeat heartbeat = LeaseHeartbeat.start(leases, run.backupLocation(), run.lease(), run.owner())) {
            O output = step.run(services, input, progress);
            heartbeat.check();
            return output;
        }
    }
}
