package org.lakefsbackup.aws.handler;

import java.util.List;
import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.aws.Metrics;
import org.lakefsbackup.aws.internal.CopyItems;

/** After the Distributed Map: adds up the copy results it wrote to S3; CopyIncompleteException when objects failed. */
public final class SummarizeCopyHandler extends StepHandler<CopyResults, CopyTotals> {
    /** Lambda's constructor: builds the clients once per execution environment. */
    public SummarizeCopyHandler() {
        this(FunctionServices.fromEnvironment());
    }

    public SummarizeCopyHandler(FunctionServices services) {
        super("summarize-copy", CopyResults.class, services);
    }

    @Override
    protected CopyTotals handle(CopyResults input, FunctionServices s) {
        return CopyItems.summarize(s, input);
    }

    @Override
    protected List<Metrics.Value> metrics(CopyTotals output) {
        return List.of(Metrics.count("ObjectsSkipped", output.skipped()));
    }
}
