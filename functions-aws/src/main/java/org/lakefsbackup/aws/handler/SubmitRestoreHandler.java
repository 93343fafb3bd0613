package org.lakefsbackup.aws.handler;

import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.core.step.RestoreRun;
import org.lakefsbackup.core.step.TaskRef;

/** Restore step 5: submits lakeFS's refs restore. */
public final class SubmitRestoreHandler extends StepHandler<RestoreRun, TaskRef> {
    /** Lambda's constructor: builds the clients once per execution environment. */
    public SubmitRestoreHandler() {
        this(FunctionServices.fromEnvironment());
    }

    public SubmitRestoreHandler(FunctionServices services) {
        super("submit-restore", RestoreRun.class, services);
    }

    @Override
    protected TaskRef handle(RestoreRun input, FunctionServices s) {
        return s.restoreSteps().submitRestore(input);
    }

    @Override
    protected String repository(RestoreRun input) {
        return input.targetRepository();
    }
}
