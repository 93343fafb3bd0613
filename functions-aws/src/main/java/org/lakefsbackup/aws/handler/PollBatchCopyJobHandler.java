package org.lakefsbackup.aws.handler;

import java.util.List;
import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.aws.Metrics;

/**
 * Polls an S3 Batch Operations copy job; when it is complete, returns what it copied and its failed tasks (read
 * from the completion report) as data. TaskFailedException when the job failed or was cancelled.
 */
public final class PollBatchCopyJobHandler extends StepHandler<BatchCopyJob, BatchCopyStatus> {
    /** Lambda's constructor: builds the clients once per execution environment. */
    public PollBatchCopyJobHandler() {
        this(FunctionServices.fromEnvironment());
    }

    public PollBatchCopyJobHandler(FunctionServices services) {
        super("poll-batch-copy-job", BatchCopyJob.class, services);
    }

    @Override
    protected BatchCopyStatus handle(BatchCopyJob input, FunctionServices s) {
        return s.batchOperations().poll(input);
    }

    @Override
    protected List<Metrics.Value> metrics(BatchCopyStatus output) {
        if (!output.done()) {
            return List.of();
        }
        return List.of(Metrics.count("ObjectsCopied", output.summary().copied()),
                Metrics.bytes("BytesCopied", output.summary().bytesCopied()),
                Metrics.count("ObjectsFailed", output.summary().failed()));
    }
}
