package org.lakefsbackup.aws.handler;

import java.util.Objects;
import org.lakefsbackup.core.copy.CopyPlan;

/** Input of the summarize function: the Distributed Map's {@code ResultWriterDetails} and the plan it ran. */
public record CopyResults(String bucket, String key, CopyPlan plan) {
    public CopyResults {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
    }
}
