package org.lakefsbackup.aws.handler;

import java.util.List;
import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.aws.Metrics;
import org.lakefsbackup.core.copy.CopySummary;
import org.lakefsbackup.core.step.CopyChunkRequest;

/** One Distributed Map item: copies one chunk of a backup or restore plan; failed objects come back as data. */
public final class CopyChunkHandler extends StepHandler<CopyChunkRequest, CopySummary> {
    /** Lambda's constructor: builds the clients once per execution environment. */
    public CopyChunkHandler() {
        this(FunctionServices.fromEnvironment());
    }

    public CopyChunkHandler(FunctionServices services) {
        super("copy-chunk", CopyChunkRequest.class, services);
    }

    @Override
    protected CopySummary handle(CopyChunkRequest input, FunctionServices s) {
        return s.backupSteps().copyChunk(input);
    }

    @Override
    protected List<Metrics.Value> metrics(CopySummary output) {
        return List.of(Metrics.count("ObjectsCopied", output.copied()), Metrics.bytes("BytesCopied", output.bytesCopied()),
                Metrics.count("ObjectsFailed", output.failed()), Metrics.count("CopyRetries", output.retries()));
    }
}
