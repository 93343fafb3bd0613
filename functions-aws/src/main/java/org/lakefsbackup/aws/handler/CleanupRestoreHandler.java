package org.lakefsbackup.aws.handler;

import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.core.step.RestoreRun;

/** After a failed restore: deletes the repository this run created, so the restore can be run again. */
public final class CleanupRestoreHandler extends StepHandler<RestoreRun, CleanupResult> {
    /** Lambda's constructor: builds the clients once per execution environment. */
    public CleanupRestoreHandler() {
        this(FunctionServices.fromEnvironment());
    }

    public CleanupRestoreHandler(FunctionServices services) {
        super("cleanup-restore", RestoreRun.class, services);
    }

    @Override
    protected CleanupResult handle(RestoreRun input, FunctionServices s) {
        return new CleanupResult(input.targetRepository(), s.restoreSteps().cleanupFailedRestore(input));
    }

    @Override
    protected String repository(RestoreRun input) {
        return input.targetRepository();
    }
}
