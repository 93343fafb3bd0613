package org.lakefsbackup.core.step;

import java.util.function.Function;
import org.lakefsbackup.core.copy.PlanCheckpoint;
import org.lakefsbackup.core.copy.PlanProgress;

/**
 * Runs one planning invocation of a run and keeps its progress in the run's scratch ({@code plan-progress.json}, unless
 * the plan was made in one invocation; the finished plan in {@code plan.json}), so step inputs stay small and a step
 * continues where the previous invocation stopped.
 */
final class ResumablePlan {
    static final String PROGRESS = "plan-progress.json";
    static final String PLAN = "plan.json";

    private ResumablePlan() {
    }

    /**
     * Plans from scratch ({@code resume} false), or from the checkpoint the previous invocation left ({@code resume}
     * true; a finished plan is returned as is, so a retried last invocation is harmless).
     */
    static PlanProgress run(RunScratch scratch, boolean resume, Function<PlanCheckpoint, PlanProgress> planner) {
        PlanCheckpoint from = PlanCheckpoint.START;
        if (resume) {
            PlanProgress previous = scratch.require(PROGRESS, PlanProgress.class,
                    "run the plan step without resume first");
            if (previous.done()) {
                return previous;
            }
            from = previous.checkpoint();
        }
        PlanProgress progress = planner.apply(from);
        if (progress.done()) {
            scratch.write(PLAN, progress.plan());
        }
        if (resume || !progress.done()) {
            // only a resuming invocation reads it; a plan made in one invocation is made again if that is retried
            scratch.write(PROGRESS, progress);
        }
        return progress;
    }
}
