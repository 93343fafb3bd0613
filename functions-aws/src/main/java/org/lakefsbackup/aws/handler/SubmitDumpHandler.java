package org.lakefsbackup.aws.handler;

import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.core.step.RunRef;
import org.lakefsbackup.core.step.TaskRef;

/** Backup step 3: submits lakeFS's refs dump. */
public final class SubmitDumpHandler extends StepHandler<RunRef, TaskRef> {
    /** Lambda's constructor: builds the clients once per execution environment. */
    public SubmitDumpHandler() {
        this(FunctionServices.fromEnvironment());
    }

    public SubmitDumpHandler(FunctionServices services) {
        super("submit-dump", RunRef.class, services);
    }

    @Override
    protected TaskRef handle(RunRef input, FunctionServices s) {
        return s.backupSteps().submitDump(input);
    }

    @Override
    protected String repository(RunRef input) {
        return input.repository();
    }
}
