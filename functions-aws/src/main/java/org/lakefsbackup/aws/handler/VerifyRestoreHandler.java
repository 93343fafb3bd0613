package org.lakefsbackup.aws.handler;

import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.core.step.RestoreRun;
import org.lakefsbackup.core.step.RestoreVerification;

/** Restore step 8: checks branch heads, tags and commit count against the manifest. */
public final class VerifyRestoreHandler extends StepHandler<RestoreRun, RestoreVerification> {
    /** Lambda's constructor: builds the clients once per execution environment. */
    public VerifyRestoreHandler() {
        this(FunctionServices.fromEnvironment());
    }

    public VerifyRestoreHandler(FunctionServices services) {
        super("verify-restore", RestoreRun.class, services);
    }

    @Override
    protected RestoreVerification handle(RestoreRun input, FunctionServices s) {
        return s.restoreSteps().verify(input);
    }

    @Override
    protected String repository(RestoreRun input) {
        return input.targetRepository();
    }
}
