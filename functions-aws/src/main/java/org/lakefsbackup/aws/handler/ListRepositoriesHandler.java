package org.lakefsbackup.aws.handler;

import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.aws.internal.RepositoryLister;

/** Backup-all step 1: the repositories to back up (the given ones, checked to exist, or all). */
public final class ListRepositoriesHandler extends StepHandler<RepositoryList, RepositoryList> {
    /** Lambda's constructor: builds the clients once per execution environment. */
    public ListRepositoriesHandler() {
        this(FunctionServices.fromEnvironment());
    }

    public ListRepositoriesHandler(FunctionServices services) {
        super("list-repositories", RepositoryList.class, services);
    }

    @Override
    protected RepositoryList handle(RepositoryList input, FunctionServices s) {
        return RepositoryLister.list(s, input);
    }
}
