package org.lakefsbackup.cli;

import java.util.concurrent.atomic.AtomicReference;
import org.lakefsbackup.core.copy.CopyPlan;
import org.lakefsbackup.core.copy.CopySummary;
import org.lakefsbackup.core.copy.PlanProgress;
import org.lakefsbackup.core.copy.ProgressListener;
import org.lakefsbackup.core.retry.Sleeper;
import org.lakefsbackup.core.step.StepCatalog;
import org.lakefsbackup.core.step.StepServices;
import org.lakefsbackup.core.workflow.InProcessRunner;
import org.lakefsbackup.core.workflow.Workflow;

/**
 * Runs one of the core's workflows in this process, showing its steps on the console and collecting what the
 * command's summary reports (the plan, the objects copied, the dump submissions). The workflow itself is the core's;
 * nothing here decides what runs.
 */
public final class LocalRun implements InProcessRunner.Listener {
    private final ProgressListener progress;
    private final AtomicReference<CopyPlan> plan = new AtomicReference<>();
    private final AtomicReference<CopySummary> copied = new AtomicReference<>(CopySummary.empty());
    private final java.util.Map<String, Integer> dumps = new java.util.concurrent.ConcurrentHashMap<>();

    private LocalRun(ProgressListener progress) {
        this.progress = progress;
    }

    /** Runs {@code workflow} on {@code input}; the returned run holds its result and what it did. */
    public static <I, O> Finished<O> run(StepServices services, ProgressListener progress, Workflow<I, O> workflow,
                                         I input) {
        return run(services, progress, Sleeper.SYSTEM, workflow, input);
    }

    /** As above, waiting with {@code sleeper} between retries and polls. */
    public static <I, O> Finished<O> run(StepServices services, ProgressListener progress, Sleeper sleeper,
                                         Workflow<I, O> workflow, I input) {
        LocalRun run = new LocalRun(progress);
        O result = new InProcessRunner(services, sleeper, progress, run).run(workflow, input);
        return new Finished<>(result, run.plan.get(), run.copied.get(), java.util.Map.copyOf(run.dumps));
    }

    /**
     * A finished workflow: its output, the (last) finished copy plan, what the copy steps did, and how often each
     * repository's refs dump was submitted.
     */
    public record Finished<O>(O result, CopyPlan plan, CopySummary copied, java.util.Map<String, Integer> dumps) {
        public long skippedObjects() {
            return plan == null ? 0 : plan.skippedObjects();
        }
    }

    @Override
    public void stepStarted(String step, Object input) {
        if (input instanceof org.lakefsbackup.core.step.BackupRequest request
                && progress instanceof RepositoryProgress repositories) {
            repositories.switchTo(request.repository());
        }
        if (input instanceof org.lakefsbackup.core.step.DumpRequest dump) {
            dumps.merge(dump.run().repository(), 1, Integer::sum);
        }
        if (!step.startsWith("poll-") && !step.equals(StepCatalog.COPY_CHUNK.name())) {
            progress.stepStarted(step);
        }
    }

    @Override
    public void stepFinished(String step, Object output) {
        if (output instanceof PlanProgress p && p.done()) {
            plan.set(p.plan());
            progress.copyPlanned(p.plan().copyObjects(), p.plan().copyBytes());
            progress.stepStarted("copy");
        } else if (output instanceof CopySummary summary) {
            copied.accumulateAndGet(summary, CopySummary::plus);
        }
    }
}
