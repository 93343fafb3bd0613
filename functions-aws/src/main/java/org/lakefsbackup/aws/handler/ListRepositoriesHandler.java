package org.lakefsbackup.aws.handler;

import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.aws.internal.RepositoryLister;

/** Backup-all step 1: the repositories to back up (the given ones, checked to exist, or all) and their inputs. */
public final class ListRepositoriesHandler extends StepHandler<BackupAllRequest, BackupAllPlan> {
    /** Lambda's constructor: builds the clients once per execution environment. */
    public ListRepositoriesHandler() {
        this(FunctionServices.fromEnvironment());
    }

    public ListRepositoriesHandler(FunctionServices services) {
        super("list-repositories", BackupAllRequest.class, services);
    }

    @Override
    protected BackupAllPlan handle(BackupAllRequest input, FunctionServices s) {
        return RepositoryLister.list(s, input);
    }
}
