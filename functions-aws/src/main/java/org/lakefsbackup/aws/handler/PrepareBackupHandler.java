package org.lakefsbackup.aws.handler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.core.step.BackupRequest;
import org.lakefsbackup.core.step.BackupRun;

/** Backup step 1: validates the request and records what the run will back up. */
public final class PrepareBackupHandler extends StepHandler<BackupRequest, BackupRun> {
    /** Lambda's constructor: builds the clients once per execution environment. */
    public PrepareBackupHandler() {
        this(FunctionServices.fromEnvironment());
    }

    public PrepareBackupHandler(FunctionServices services) {
        super("prepare-backup", BackupRequest.class, services);
    }

    @Override
    protected BackupRun handle(BackupRequest input, FunctionServices s) {
        return s.backupSteps().prepare(input);
    }

    @Override
    protected void complete(ObjectNode input, FunctionServices s) {
        String backup = input.hasNonNull("backup") ? input.get("backup").asText() : null;
        input.put("backup", s.config().backupOrDefault(backup));
        if (!input.hasNonNull("commit_uncommitted")) {
            input.put("commit_uncommitted", false);
        }
    }

    @Override
    protected String repository(BackupRequest input) {
        return input.repository();
    }
}
