package org.lakefsbackup.aws.handler;

import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.core.step.RunRef;
import org.lakefsbackup.core.step.VerifyResult;

/** Backup step 7: verifies the copied objects against the inventory. */
public final class VerifyBackupHandler extends StepHandler<RunRef, VerifyResult> {
    /** Lambda's constructor: builds the clients once per execution environment. */
    public VerifyBackupHandler() {
        this(FunctionServices.fromEnvironment());
    }

    public VerifyBackupHandler(FunctionServices services) {
        super("verify-backup", RunRef.class, services);
    }

    @Override
    protected VerifyResult handle(RunRef input, FunctionServices s) {
        return s.backupSteps().verify(input);
    }

    @Override
    protected String repository(RunRef input) {
        return input.repository();
    }
}
