package org.lakefsbackup.aws.handler;

import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.core.step.TaskPoll;
import org.lakefsbackup.core.step.TaskRef;

/** Backup step 4: polls the dump once; the state machine waits between polls. */
public final class PollDumpHandler extends StepHandler<TaskRef, TaskPoll> {
    /** Lambda's constructor: builds the clients once per execution environment. */
    public PollDumpHandler() {
        this(FunctionServices.fromEnvironment());
    }

    public PollDumpHandler(FunctionServices services) {
        super("poll-dump", TaskRef.class, services);
    }

    @Override
    protected TaskPoll handle(TaskRef input, FunctionServices s) {
        return s.backupSteps().pollDump(input);
    }

    @Override
    protected String repository(TaskRef input) {
        return input.run().repository();
    }
}
