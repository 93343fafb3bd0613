package org.lakefsbackup.aws.handler;

import java.util.Objects;
import org.lakefsbackup.core.copy.CopyPlan;

/**
 * What a plan function returns to the state machine: the core's plan plus where the Distributed Map reads its items
 * ({@code [{"chunk":0},...]}, one per plan chunk) and writes its results, how many copy functions may run at once,
 * and whether the copy is large enough to hand to S3 Batch Operations.
 *
 * <p>When {@code batch} is true, {@code batchCopy} describes the Batch Operations job and {@code plan} holds only
 * the remainder the Distributed Map copies (objects over 5 GiB, mutable-object versions, and any key mapping
 * S3PutObjectCopy cannot express); {@code batchCopy} is {@code null} otherwise.
 */
public record PlanOutput(CopyPlan plan, String itemsBucket, String itemsKey, String resultsBucket,
                         String resultsPrefix, int maxConcurrency, boolean batch, BatchCopySpec batchCopy) {
    public PlanOutput {
        Objects.requireNonNull(plan, "plan");
        if (batch != (batchCopy != null)) {
            throw new IllegalArgumentException("batch must be true exactly when batchCopy is set");
        }
    }
}
