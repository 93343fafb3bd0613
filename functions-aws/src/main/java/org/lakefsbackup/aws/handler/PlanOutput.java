package org.lakefsbackup.aws.handler;

import java.util.Objects;
import org.lakefsbackup.core.copy.CopyPlan;
import org.lakefsbackup.core.copy.PlanCheckpoint;

/**
 * What a plan function returns to the state machine: the core's plan plus where the Distributed Map reads its items
 * ({@code [{"chunk":0},...]}, one per plan chunk) and writes its results, how many copy functions may run at once,
 * and whether the copy is large enough to hand to S3 Batch Operations.
 *
 * <p>When {@code batch} is true, {@code batchCopy} describes the Batch Operations job and {@code plan} holds only
 * the remainder the Distributed Map copies (objects over 5 GiB, mutable-object versions, and any key mapping
 * S3PutObjectCopy cannot express); {@code batchCopy} is {@code null} otherwise.
 *
 * <p>Planning is resumable: an invocation plans at most {@code LAKEFS_BACKUP_PLAN_BATCH_OBJECTS} source objects.
 * Until the plan is finished the output is {@code done: false} with only {@code progress} (where planning stands;
 * the checkpoint itself is kept in the run's scratch) and the workflow calls the plan function again with
 * {@code resume: true}; the last invocation returns {@code done: true} and everything else.
 */
public record PlanOutput(boolean done, CopyPlan plan, String itemsBucket, String itemsKey, String resultsBucket,
                         String resultsPrefix, int maxConcurrency, boolean batch, BatchCopySpec batchCopy,
                         PlanCheckpoint progress) {
    public PlanOutput {
        if (done) {
            Objects.requireNonNull(plan, "plan");
        } else if (plan != null || batch) {
            throw new IllegalArgumentException("an unfinished plan output carries only its progress");
        }
        if (batch != (batchCopy != null)) {
            throw new IllegalArgumentException("batch must be true exactly when batchCopy is set");
        }
    }

    /** This output with {@code progress} set. */
    public PlanOutput withProgress(PlanCheckpoint progress) {
        return new PlanOutput(done, plan, itemsBucket, itemsKey, resultsBucket, resultsPrefix, maxConcurrency, batch,
                batchCopy, progress);
    }

    /** The output of an invocation that stopped at its budget: call the plan function again with resume. */
    public static PlanOutput pending(PlanCheckpoint progress) {
        return new PlanOutput(false, null, null, null, null, null, 0, false, null,
                Objects.requireNonNull(progress, "progress"));
    }
}
