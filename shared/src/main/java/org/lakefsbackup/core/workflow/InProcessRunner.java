package org.lakefsbackup.core.workflow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.lakefsbackup.core.copy.ProgressListener;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.lease.LeaseHeartbeat;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.retry.Sleeper;
import org.lakefsbackup.core.step.RunRef;
import org.lakefsbackup.core.step.RunScoped;
import org.lakefsbackup.core.step.StepDefinition;
import org.lakefsbackup.core.step.StepServices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs workflow definitions in this process: the CLI's engine. Steps are retried as their policies say (with
 * {@code settings.stepAttempts()} attempts), copy steps
 * fan out over {@code settings.chunkConcurrency()} threads, timers sleep, and every lease a run takes is renewed by a
 * heartbeat while the workflow runs (checked before every step, so a run whose lease was taken over stops). The
 * run id is the correlation id of the logs ({@code run} in the MDC).
 */
public final class InProcessRunner {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessRunner.class);

    /**
     * Told what the runner does, for progress displays and tests. A listener that throws an {@link Error} stops the
     * run on the spot, without clean-up, as a killed process would.
     */
    public interface Listener {
        Listener NONE = new Listener() {
        };

        default void stepStarted(String step, Object input) {
        }

        default void stepFinished(String step, Object output) {
        }

        default void stepRetrying(String step, int attempt, LakeFsBackupException failure) {
        }
    }

    private final StepServices services;
    private final Sleeper sleeper;
    private final ProgressListener progress;
    private final Listener listener;
    private final Clock clock;

    /**
     * @param sleeper  waits between retries and polls
     * @param progress told of copied objects by the copy steps
     * @param listener told of every step
     */
    public InProcessRunner(StepServices services, Sleeper sleeper, ProgressListener progress, Listener listener) {
        this.services = Objects.requireNonNull(services, "services");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = services.clock();
    }

    /** Runs a workflow to its end; its failure propagates as the core's exception. */
    public <I, O> O run(Workflow<I, O> workflow, I input) {
        try (Context ctx = new Context()) {
            return workflow.run(ctx, input);
        }
    }

    private final class Context implements WorkflowContext, AutoCloseable {
        private final Map<String, LeaseHeartbeat> heartbeats = new HashMap<>();

        @Override
        public <I, O> O call(StepDefinition<I, O> step, I input) {
            checkLeases();
            String previous = MDC.get("run");
            RunRef run = input instanceof RunScoped scoped ? scoped.run() : null;
            if (run != null) {
                MDC.put("run", run.runId());
            }
            try {
                listener.stepStarted(step.name(), input);
                var retry = step.retry().withMaxAttempts(services.settings().stepAttempts());
                O output = retry.run(() -> step.run(services, input, progress), sleeper, (attempt, failure) -> {
                    LOG.warn("step {} failed (attempt {} of {}), retrying: {}", step.name(), attempt,
                            retry.maxAttempts(), failure.getMessage());
                    progress.retried(step.name(), failure.getMessage());
                    listener.stepRetrying(step.name(), attempt, failure);
                });
                watchLease(step, run, output);
                listener.stepFinished(step.name(), output);
                return output;
            } finally {
                if (previous == null) {
                    MDC.remove("run");
                } else {
                    MDC.put("run", previous);
                }
            }
        }

        @Override
        public <I, O> List<Outcome<O>> callAll(StepDefinition<I, O> step, List<I> inputs) {
            if (inputs.isEmpty()) {
                return List.of();
            }
            int threads = Math.min(inputs.size(), services.settings().chunkConcurrency());
            var mdc = MDC.getCopyOfContextMap();
            ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, step.name());
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<Outcome<O>>> futures = new ArrayList<>();
                // An Error (a crash, also an injected one) ends the run as a process death would: no step starts after it.
                AtomicReference<Error> crashed = new AtomicReference<>();
                for (I input : inputs) {
                    futures.add(pool.submit(() -> {
                        if (crashed.get() != null) {
                            throw crashed.get();
                        }
                        if (mdc != null) {
                            MDC.setContextMap(mdc);
                        }
                        try {
                            return Outcome.success(call(step, input));
                        } catch (LakeFsBackupException e) {
                            return Outcome.<O>failure(e);
                        } catch (Error e) {
                            crashed.compareAndSet(null, e);
                            throw e;
                        }
                    }));
                }
                List<Outcome<O>> outcomes = new ArrayList<>();
                for (Future<Outcome<O>> f : futures) {
                    outcomes.add(f.get());
                }
                return outcomes;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ErrorCode.UNAVAILABLE.exception("interrupted while copying", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw ErrorCode.INTERNAL.exception(step.name() + " failed unexpectedly: " + e.getCause(), e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }

        @Override
        public <I, O> List<Outcome<O>> runAll(Workflow<I, O> workflow, List<I> inputs) {
            List<Outcome<O>> outcomes = new ArrayList<>();
            for (I input : inputs) {
                try (Context child = new Context()) {
                    outcomes.add(Outcome.success(workflow.run(child, input)));
                } catch (LakeFsBackupException e) {
                    LOG.warn("{} of {} failed: {}", workflow.name(), input, e.getMessage());
                    outcomes.add(Outcome.failure(e));
                }
            }
            return outcomes;
        }

        @Override
        public void sleep(Duration duration) {
            sleeper.pause(duration);
        }

        @Override
        public Instant now() {
            return clock.instant();
        }

        @Override
        public String newId() {
            return GenerationId.create(clock.instant()).value();
        }

        /**
         * Starts renewing the lease a step's output shows this run holds; stops when a step that gives leases up (it
         * deletes scratch and returns no run) has finished.
         */
        private synchronized void watchLease(StepDefinition<?, ?> step, RunRef input, Object output) {
            if (output instanceof RunScoped scoped && scoped.run() != null) {
                RunRef run = scoped.run();
                heartbeats.computeIfAbsent(key(run), k -> LeaseHeartbeat.start(services.leases(), run.backupLocation(),
                        run.lease(), run.owner()));
            } else if (step.deletesScratch() && input != null) {
                LeaseHeartbeat ended = heartbeats.remove(key(input));
                if (ended != null) {
                    ended.close();
                }
            }
        }

        private static String key(RunRef run) {
            return run.backup() + "|" + run.lease() + "|" + run.owner();
        }

        private synchronized void checkLeases() {
            heartbeats.values().forEach(LeaseHeartbeat::check);
        }

        @Override
        public synchronized void close() {
            heartbeats.values().forEach(LeaseHeartbeat::close);
            heartbeats.clear();
        }
    }
}
