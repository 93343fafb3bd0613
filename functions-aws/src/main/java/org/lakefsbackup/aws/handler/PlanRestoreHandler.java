package org.lakefsbackup.aws.handler;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.aws.Metrics;
import org.lakefsbackup.aws.internal.CopyItems;
import org.lakefsbackup.core.copy.PlanProgress;
import org.lakefsbackup.core.step.RestoreRun;

/**
 * Restore step 3 (repeated until done): plans the copy into the target namespace and writes the Distributed Map's
 * items.
 */
public final class PlanRestoreHandler extends StepHandler<RestoreRun, PlanOutput> {
    /** Lambda's constructor: builds the clients once per execution environment. */
    public PlanRestoreHandler() {
        this(FunctionServices.fromEnvironment());
    }

    public PlanRestoreHandler(FunctionServices services) {
        super("plan-restore", RestoreRun.class, services);
    }

    @Override
    protected PlanOutput handle(RestoreRun input, FunctionServices s) {
        return handle(input, null, s);
    }

    /**
     * Plans at most {@code LAKEFS_BACKUP_PLAN_BATCH_OBJECTS} source objects: from scratch, or, when the payload
     * holds {@code "resume": true}, from where the previous invocation of this run stopped. Returns
     * {@code done: false} until the plan is finished, then publishes it.
     */
    @Override
    protected PlanOutput handle(RestoreRun input, JsonNode envelope, FunctionServices s) {
        boolean resume = envelope != null && envelope.path("resume").asBoolean(false);
        PlanProgress progress = s.restoreSteps().plan(input, resume, s.config().planBatchObjects());
        if (!progress.done()) {
            return PlanOutput.pending(progress.checkpoint());
        }
        return CopyItems.publish(s, input.run().layout().run(input.run().runId()), progress.plan()).withProgress(progress.checkpoint());
    }

    @Override
    protected String repository(RestoreRun input) {
        return input.targetRepository();
    }

    @Override
    protected List<Metrics.Value> metrics(PlanOutput output) {
        return CopyItems.planMetrics(output.plan());
    }
}
