package org.lakefsbackup.aws.handler;

import org.lakefsbackup.core.copy.CopyPlan;
import org.lakefsbackup.core.copy.CopySummary;

/**
 * Input of the summarize function: the Distributed Map's {@code ResultWriterDetails} and the plan it ran, and, when
 * part of the copy went through S3 Batch Operations, that job's summary ({@code batch}) and the number of objects
 * it was given ({@code batchObjects}). {@code bucket} and {@code key} are {@code null} when no map ran (a plan
 * without map chunks).
 */
public record CopyResults(String bucket, String key, CopyPlan plan, CopySummary batch, Long batchObjects) {
    public CopyResults {
        if ((bucket == null) != (key == null)) {
            throw new IllegalArgumentException("bucket and key are given together");
        }
        if (bucket == null && plan != null && plan.chunks() > 0) {
            throw new IllegalArgumentException("the plan has " + plan.chunks() + " map chunks but no map result was given");
        }
        batchObjects = batchObjects == null ? 0L : batchObjects;
        if (batchObjects < 0) {
            throw new IllegalArgumentException("batchObjects must not be negative");
        }
    }

    public CopyResults(String bucket, String key, CopyPlan plan) {
        this(bucket, key, plan, null, 0L);
    }
}
