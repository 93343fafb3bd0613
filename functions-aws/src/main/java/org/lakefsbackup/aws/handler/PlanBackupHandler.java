package org.lakefsbackup.aws.handler;

import java.util.List;
import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.aws.Metrics;
import org.lakefsbackup.aws.internal.CopyItems;
import org.lakefsbackup.core.step.RunRef;

/** Backup step 5: plans the copy and writes the Distributed Map's items. */
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
        return CopyItems.publish(s, input.layout().run(input.runId()), s.backupSteps().plan(input));
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
