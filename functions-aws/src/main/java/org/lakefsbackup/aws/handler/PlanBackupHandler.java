package org.lakefsbackup.aws.handler;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.aws.Metrics;
import org.lakefsbackup.aws.internal.CopyItems;
import org.lakefsbackup.core.copy.PlanProgress;
import org.lakefsbackup.core.step.RunRef;

/** Backup step 5 (repeated until done): plans the copy and writes the Distributed Map's items. */
public final class PlanBackupHandler extends StepHandler<RunRef, PlanOutput> {
    /** Lambda's constructor: builds the clients once per execution environment. */
    public PlanBackupHandler() {
        this(FunctionServices.fromEnvironment());
    }

    public PlanBackupHandler(FunctionServices services) {
        super("plan-backup", RunRef.class, services);
    }

    @Override
    protected PlanOutput handle(RunRef input, FunctionServices s) {
        return handle(input, null, s);
    }

    /**
     * Plans at most {@code LAKEFS_BACKUP_PLAN_BATCH_OBJECTS} source objects: from scratch, or, when the payload
     * holds {@code "resume": true}, from where the previous invocation of this run stopped. Returns
     * {@code done: false} until the plan is finished, then publishes it.
     */
    @Override
    protected PlanOutput handle(RunRef input, JsonNode envelope, FunctionServices s) {
        boolean resume = envelope != null && envelope.path("resume").asBoolean(false);
        PlanProgress progress = s.backupSteps().plan(input, resume, s.config().planBatchObjects());
        if (!progress.done()) {
            return PlanOutput.pending(progress.checkpoint());
        }
        return CopyItems.publish(s, input.layout().run(input.runId()), progress.plan()).withProgress(progress.checkpoint());
    }

    @Override
    protected String repository(RunRef input) {
        return input.repository();
    }

    @Override
    protected List<Metrics.Value> metrics(PlanOutput output) {
        return CopyItems.planMetrics(output.plan());
    }
}
