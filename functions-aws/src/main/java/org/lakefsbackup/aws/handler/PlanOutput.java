package org.lakefsbackup.aws.handler;

import java.util.Objects;
import org.lakefsbackup.core.copy.CopyPlan;

/**
 * What a plan function returns to the state machine: the core's plan plus where the Distributed Map reads its items
 * ({@code [{"chunk":0},...]}, one per plan chunk) and writes its results, how many copy functions may run at once,
 * and whether the copy is large enough to hand to S3 Batch Operations.
 */
public record PlanOutput(CopyPlan plan, String itemsBucket, String itemsKey, String resultsBucket,
                         String resultsPrefix, int maxConcurrency, boolean batch) {
    public PlanOutput {
        Objects.requireNonNull(plan, "plan");
    }
}
