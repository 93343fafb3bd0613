package org.lakefsbackup.core.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.lakefsbackup.core.copy.CopyPlan;
import org.lakefsbackup.core.copy.CopySummary;
import org.lakefsbackup.core.copy.PlanProgress;
import org.lakefsbackup.core.retry.RetryPolicy;
import org.lakefsbackup.core.step.CopyChunkRequest;
import org.lakefsbackup.core.step.CopyTotals;
import org.lakefsbackup.core.step.RunRef;
import org.lakefsbackup.core.step.StepCatalog;
import org.lakefsbackup.core.step.StepDefinition;

/** The parts the backup and restore workflows share: the resumable plan loop and the copy fan-out. */
final class CopyFanOut {
    private CopyFanOut() {
    }

    /** Calls a plan step until it is done: from scratch first, then resuming the run's checkpoint. */
    static <I> CopyPlan plan(WorkflowContext ctx, StepDefinition<I, PlanProgress> step, Function<Boolean, I> request) {
        PlanProgress progress = ctx.call(step, request.apply(false));
        while (!progress.done()) {
            progress = ctx.call(step, request.apply(true));
        }
        return progress.plan();
    }

    /** Copies every chunk of the plan, fanned out; the one rule for an incomplete copy decides the outcome. */
    static CopyTotals copy(WorkflowContext ctx, CopyPlan plan, RunRef run) {
        List<CopyChunkRequest> chunks = IntStream.range(0, plan.chunks())
                .mapToObj(i -> new CopyChunkRequest(plan, i, run)).toList();
        CopySummary total = CopySummary.empty();
        List<CopyTotals.ChunkError> errors = new ArrayList<>();
        for (Outcome<CopySummary> outcome : ctx.callAll(StepCatalog.COPY_CHUNK, chunks)) {
            if (outcome.ok()) {
                total = total.plus(outcome.value());
            } else {
                errors.add(new CopyTotals.ChunkError(outcome.errorType(), outcome.message()));
            }
        }
        return CopyTotals.summarize(plan, total, chunks.size(), chunks.size(), errors);
    }

    /** The wait before poll {@code n + 1} after {@code n} polls found the task running. */
    static java.time.Duration pollWait(int polls) {
        return RetryPolicy.POLL.nominalDelay(polls);
    }
}
