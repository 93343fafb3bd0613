package org.lakefsbackup.aws.handler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.core.step.RestoreRequest;
import org.lakefsbackup.core.step.RestoreRun;

/** Restore step 1: loads the generation and checks the target repository and namespace. */
public final class PrepareRestoreHandler extends StepHandler<RestoreRequest, RestoreRun> {
    /** Lambda's constructor: builds the clients once per execution environment. */
    public PrepareRestoreHandler() {
        this(FunctionServices.fromEnvironment());
    }

    public PrepareRestoreHandler(FunctionServices services) {
        super("prepare-restore", RestoreRequest.class, services);
    }

    @Override
    protected RestoreRun handle(RestoreRequest input, FunctionServices s) {
        return s.restoreSteps().prepare(input);
    }

    @Override
    protected void complete(ObjectNode input, FunctionServices s) {
        String backup = input.hasNonNull("backup") ? input.get("backup").asText() : null;
        input.put("backup", s.config().backupOrDefault(backup));
        if (!input.hasNonNull("ignore_storage_id")) {
            input.put("ignore_storage_id", false);
        }
    }

    @Override
    protected String repository(RestoreRequest input) {
        return input.targetRepository();
    }
}
