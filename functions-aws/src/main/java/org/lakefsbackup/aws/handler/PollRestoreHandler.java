package org.lakefsbackup.aws.handler;

import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.core.step.TaskPoll;

/** Restore step 6: polls the refs restore once; the state machine waits between polls. */
public final class PollRestoreHandler extends StepHandler<RestorePoll, TaskPoll> {
    /** Lambda's constructor: builds the clients once per execution environment. */
    public PollRestoreHandler() {
        this(FunctionServices.fromEnvironment());
    }

    public PollRestoreHandler(FunctionServices services) {
        super("poll-restore", RestorePoll.class, services);
    }

    @Override
    protected TaskPoll handle(RestorePoll input, FunctionServices s) {
        return s.restoreSteps().pollRestore(input.restore(), input.task());
    }

    @Override
    protected String repository(RestorePoll input) {
        return input.restore().targetRepository();
    }
}
