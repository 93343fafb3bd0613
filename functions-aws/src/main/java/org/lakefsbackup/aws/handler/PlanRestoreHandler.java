package org.lakefsbackup.aws.handler;

import java.util.List;
import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.aws.Metrics;
import org.lakefsbackup.aws.internal.CopyItems;
import org.lakefsbackup.core.step.RestoreRun;

/** Restore step 3: plans the copy into the target namespace and writes the Distributed Map's items. */
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
        return CopyItems.publish(s, input.run().layout().run(input.run().runId()), s.restoreSteps().plan(input));
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
