package org.lakefsbackup.core.workflow;

import java.util.ArrayList;
import java.util.List;
import org.lakefsbackup.core.step.BackupAllPlan;
import org.lakefsbackup.core.step.BackupAllRequest;
import org.lakefsbackup.core.step.GenerationResult;
import org.lakefsbackup.core.step.StepCatalog;

/**
 * The backup-all workflow: selects the repositories (those named, or every one listed) and
 * runs one {@link BackupWorkflow} per repository as a child, waiting for all. One repository's failure does not stop
 * the others; the result lists each outcome, and hosts fail the run when any failed
 * ({@code statemachines/backup-all.asl.json} is its Step Functions rendering).
 */
public final class BackupAllWorkflow implements Workflow<BackupAllRequest, BackupAllResult> {
    private final BackupWorkflow backup = new BackupWorkflow();

    @Override
    public String name() {
        return "backup-all";
    }

    @Override
    public Class<BackupAllRequest> inputType() {
        return BackupAllRequest.class;
    }

    @Override
    public Class<BackupAllResult> outputType() {
        return BackupAllResult.class;
    }

    @Override
    public BackupAllResult run(WorkflowContext ctx, BackupAllRequest request) {
        BackupAllPlan plan = ctx.call(StepCatalog.LIST_REPOSITORIES, request);
        List<Outcome<GenerationResult>> outcomes = ctx.runAll(backup, plan.backups());
        List<BackupAllResult.Entry> entries = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome<GenerationResult> o = outcomes.get(i);
            entries.add(new BackupAllResult.Entry(plan.repositories().get(i), o.value(), o.errorType(), o.message()));
        }
        return new BackupAllResult(entries);
    }
}
