package org.lakefsbackup.core.workflow;

import static org.lakefsbackup.core.step.StepCatalog.FINISH_ROLLING_VERIFY;
import static org.lakefsbackup.core.step.StepCatalog.PLAN_ROLLING_VERIFY;
import static org.lakefsbackup.core.step.StepCatalog.READ_DATA_SUBSET;

import java.util.ArrayList;
import java.util.List;
import org.lakefsbackup.core.step.ReadSubsetProgress;
import org.lakefsbackup.core.step.ReadSubsetRequest;
import org.lakefsbackup.core.step.RollingVerifyEntry;
import org.lakefsbackup.core.step.RollingVerifyFinish;
import org.lakefsbackup.core.step.RollingVerifyPlan;
import org.lakefsbackup.core.step.RollingVerifyRequest;
import org.lakefsbackup.core.step.RollingVerifyResult;
import org.lakefsbackup.core.step.RollingVerifyTarget;

/**
 * Rolling deep verification, the one definition every host runs ({@code statemachines/rolling-verify.asl.json} is
 * its Step Functions rendering), as restic's {@code check --read-data-subset n/t} with the next {@code n} each run:
 * plan (per repository at the location, or those named: its kept generations and the subset after the one read
 * last), then per repository, one after the other, check every object the kept generations reference by listing,
 * each once, and read the subset's back (resumable loop; the read is recorded in the generations' {@code checks.json}),
 * and finish, which fails with
 * VERIFICATION_FAILED naming the keys when an object was missing or differed (hosts alert on it). {@code t} runs
 * read every object of the repositories once; no lease is taken.
 */
public final class RollingVerifyWorkflow implements Workflow<RollingVerifyRequest, RollingVerifyResult> {
    @Override
    public String name() {
        return "rolling-verify";
    }

    @Override
    public Class<RollingVerifyRequest> inputType() {
        return RollingVerifyRequest.class;
    }

    @Override
    public Class<RollingVerifyResult> outputType() {
        return RollingVerifyResult.class;
    }

    @Override
    public RollingVerifyResult run(WorkflowContext ctx, RollingVerifyRequest request) {
        RollingVerifyPlan plan = ctx.call(PLAN_ROLLING_VERIFY, request.started(ctx.newId()));
        List<RollingVerifyEntry> entries = new ArrayList<>();
        for (RollingVerifyTarget target : plan.targets()) {
            ReadSubsetProgress progress = ctx.call(READ_DATA_SUBSET, new ReadSubsetRequest(target, null));
            while (!progress.done()) {
                progress = ctx.call(READ_DATA_SUBSET, new ReadSubsetRequest(target, progress.checkpoint()));
            }
            entries.add(progress.entry());
        }
        return ctx.call(FINISH_ROLLING_VERIFY, new RollingVerifyFinish(entries, plan.skipped()));
    }
}
