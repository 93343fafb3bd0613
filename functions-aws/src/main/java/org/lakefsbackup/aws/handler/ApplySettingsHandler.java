package org.lakefsbackup.aws.handler;

import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.core.step.RestoreRun;

/** Restore step 7: re-applies branch protection, repository metadata and hidden flags. */
public final class ApplySettingsHandler extends StepHandler<RestoreRun, RestoreRun> {
    /** Lambda's constructor: builds the clients once per execution environment. */
    public ApplySettingsHandler() {
        this(FunctionServices.fromEnvironment());
    }

    public ApplySettingsHandler(FunctionServices services) {
        super("apply-settings", RestoreRun.class, services);
    }

    @Override
    protected RestoreRun handle(RestoreRun input, FunctionServices s) {
        return s.restoreSteps().applySettings(input);
    }

    @Override
    protected String repository(RestoreRun input) {
        return input.targetRepository();
    }
}
