package org.lakefsbackup.aws.handler;

import org.lakefsbackup.aws.FunctionServices;

/**
 * Creates the S3 Batch Operations copy job of a plan's {@link BatchCopySpec} (written by the plan step). Safe to
 * retry: the request carries an idempotency token derived from the run.
 */
public final class CreateBatchCopyJobHandler extends StepHandler<BatchCopySpec, BatchCopyJob> {
    /** Lambda's constructor: builds the clients once per execution environment. */
    public CreateBatchCopyJobHandler() {
        this(FunctionServices.fromEnvironment());
    }

    public CreateBatchCopyJobHandler(FunctionServices services) {
        super("create-batch-copy-job", BatchCopySpec.class, services);
    }

    @Override
    protected BatchCopyJob handle(BatchCopySpec input, FunctionServices s) {
        return s.batchOperations().create(input);
    }
}
