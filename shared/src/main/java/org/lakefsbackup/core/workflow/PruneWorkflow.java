package org.lakefsbackup.core.workflow;

import static org.lakefsbackup.core.step.StepCatalog.ABANDON_PRUNE;
import static org.lakefsbackup.core.step.StepCatalog.DELETE_UNREFERENCED;
import static org.lakefsbackup.core.step.StepCatalog.FINISH_PRUNE;
import static org.lakefsbackup.core.step.StepCatalog.FORGET_GENERATIONS;
import static org.lakefsbackup.core.step.StepCatalog.PLAN_PRUNE;
import static org.lakefsbackup.core.step.StepCatalog.PREPARE_PRUNE;
import static org.lakefsbackup.core.step.StepCatalog.REMOVE_FORGOTTEN;

import java.util.List;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.step.DeleteProgress;
import org.lakefsbackup.core.step.DeleteRequest;
import org.lakefsbackup.core.step.FinishPruneRequest;
import org.lakefsbackup.core.step.ForgetResult;
import org.lakefsbackup.core.step.PrunePlan;
import org.lakefsbackup.core.step.PrunePlanProgress;
import org.lakefsbackup.core.step.PrunePlanRequest;
import org.lakefsbackup.core.step.PruneRequest;
import org.lakefsbackup.core.step.PruneResult;
import org.lakefsbackup.core.step.PruneRun;
import org.lakefsbackup.core.step.RemovedGenerations;

/**
 * The prune workflow for one repository's backup, the one definition every host runs
 * ({@code statemachines/prune.asl.json} is its Step Functions rendering): prepare (takes the repository's lease,
 * kind {@code prune} or {@code forget}; finds the generations live restores into other names are copying), forget
 * (when a policy is given: marks what it no longer keeps), then, when pruning: plan (resumable loop: the objects no
 * kept generation references), delete them (resumable loop; locked objects are skipped and reported), remove the
 * forgotten generations' own files, and finish (scratch removed, lease released, report). A dry run takes no lease,
 * writes nothing, plans in one call and deletes nothing. On any failure after prepare the run is abandoned (scratch
 * removed, lease released; what it deleted was unreferenced) and the failure propagates.
 */
public final class PruneWorkflow implements Workflow<PruneRequest, PruneResult> {
    @Override
    public String name() {
        return "prune";
    }

    @Override
    public Class<PruneRequest> inputType() {
        return PruneRequest.class;
    }

    @Override
    public Class<PruneResult> outputType() {
        return PruneResult.class;
    }

    @Override
    public PruneResult run(WorkflowContext ctx, PruneRequest request) {
        PruneRun run = ctx.call(PREPARE_PRUNE, request.started(ctx.newId()));
        try {
            ForgetResult forget = run.policy() == null ? null : ctx.call(FORGET_GENERATIONS, run);
            PrunePlan plan = null;
            DeleteProgress deleted = null;
            RemovedGenerations removed = null;
            if (run.prune()) {
                List<String> forgetting = forget == null ? List.of() : forget.forgotten();
                PrunePlanProgress planned = ctx.call(PLAN_PRUNE, new PrunePlanRequest(run, forgetting, false));
                while (!planned.done()) {
                    planned = ctx.call(PLAN_PRUNE, new PrunePlanRequest(run, forgetting, true));
                }
                plan = planned.plan();
                if (!run.dryRun()) {
                    deleted = ctx.call(DELETE_UNREFERENCED, new DeleteRequest(run, false));
                    while (!deleted.done()) {
                        deleted = ctx.call(DELETE_UNREFERENCED, new DeleteRequest(run, true));
                    }
                    removed = ctx.call(REMOVE_FORGOTTEN, run);
                }
            }
            return ctx.call(FINISH_PRUNE, new FinishPruneRequest(run, forget, plan, deleted, removed));
        } catch (LakeFsBackupException e) {
            try {
                ctx.call(ABANDON_PRUNE, run);
            } catch (LakeFsBackupException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }
}
