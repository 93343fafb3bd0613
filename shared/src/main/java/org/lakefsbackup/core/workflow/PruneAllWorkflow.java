package org.lakefsbackup.core.workflow;

import java.util.ArrayList;
import java.util.List;
import org.lakefsbackup.core.step.PruneAllPlan;
import org.lakefsbackup.core.step.PruneAllRequest;
import org.lakefsbackup.core.step.PruneResult;
import org.lakefsbackup.core.step.StepCatalog;

/**
 * The prune-all workflow: selects the repositories held at a backup location (those named, or every one with a
 * committed generation), each with its own policy or the default, and runs one {@link PruneWorkflow} per repository
 * as a child, waiting for all. One repository's failure does not stop the others; hosts fail the run when any failed
 * ({@code statemachines/prune-all.asl.json} is its Step Functions rendering).
 */
public final class PruneAllWorkflow implements Workflow<PruneAllRequest, PruneAllResult> {
    private final PruneWorkflow prune = new PruneWorkflow();

    @Override
    public String name() {
        return "prune-all";
    }

    @Override
    public Class<PruneAllRequest> inputType() {
        return PruneAllRequest.class;
    }

    @Override
    public Class<PruneAllResult> outputType() {
        return PruneAllResult.class;
    }

    @Override
    public PruneAllResult run(WorkflowContext ctx, PruneAllRequest request) {
        PruneAllPlan plan = ctx.call(StepCatalog.SELECT_BACKUPS, request);
        List<Outcome<PruneResult>> outcomes = ctx.runAll(prune, plan.prunes());
        List<PruneAllResult.Entry> entries = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome<PruneResult> o = outcomes.get(i);
            entries.add(new PruneAllResult.Entry(plan.repositories().get(i), o.value(), o.errorType(), o.message()));
        }
        return new PruneAllResult(entries, plan.skipped());
    }
}
