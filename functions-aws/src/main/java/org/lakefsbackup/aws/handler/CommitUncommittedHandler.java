package org.lakefsbackup.aws.handler;

import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.core.step.BackupRun;

/** Backup step 2: commits uncommitted changes when the request asked for it. */
public final class CommitUncommittedHandler extends StepHandler<BackupRun, BackupRun> {
    /** Lambda's constructor: builds the clients once per execution environment. */
    public CommitUncommittedHandler() {
        this(FunctionServices.fromEnvironment());
    }

    public CommitUncommittedHandler(FunctionServices services) {
        super("commit-uncommitted", BackupRun.class, services);
    }

    @Override
    protected BackupRun handle(BackupRun input, FunctionServices s) {
        return s.backupSteps().commitUncommitted(input);
    }

    @Override
    protected String repository(BackupRun input) {
        return input.run().repository();
    }
}
