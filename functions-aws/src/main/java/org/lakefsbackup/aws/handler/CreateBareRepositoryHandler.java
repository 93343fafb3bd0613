package org.lakefsbackup.aws.handler;

import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.core.step.RestoreRun;

/** Restore step 2: creates the bare target repository with the backed-up default branch. */
public final class CreateBareRepositoryHandler extends StepHandler<RestoreRun, RestoreRun> {
    /** Lambda's constructor: builds the clients once per execution environment. */
    public CreateBareRepositoryHandler() {
        this(FunctionServices.fromEnvironment());
    }

    public CreateBareRepositoryHandler(FunctionServices services) {
        super("create-bare-repository", RestoreRun.class, services);
    }

    @Override
    protected RestoreRun handle(RestoreRun input, FunctionServices s) {
        return s.restoreSteps().createBareRepository(input);
    }

    @Override
    protected String repository(RestoreRun input) {
        return input.targetRepository();
    }
}
