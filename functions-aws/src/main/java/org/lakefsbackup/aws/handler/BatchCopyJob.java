package org.lakefsbackup.aws.handler;

import java.util.Objects;

/** A created S3 Batch Operations copy job and what it was created from. */
public record BatchCopyJob(String jobId, BatchCopySpec spec) {
    public BatchCopyJob {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(spec, "spec");
    }
}
