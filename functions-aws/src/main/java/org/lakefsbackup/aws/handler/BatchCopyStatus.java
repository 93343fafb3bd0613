package org.lakefsbackup.aws.handler;

import java.util.Objects;
import org.lakefsbackup.core.copy.CopySummary;

/**
 * One poll of a Batch Operations copy job. While {@code done} is false the state machine waits and polls again;
 * once the job is {@code Complete}, {@code summary} holds what it copied and the failed tasks read from its
 * completion report, as data.
 *
 * @param status    the job's status as S3 reports it ({@code New}, {@code Preparing}, {@code Active}, ...)
 * @param total     tasks of the job (0 until S3 has read the manifest)
 * @param succeeded tasks that succeeded so far
 * @param failed    tasks that failed so far
 * @param summary   set when done: copied, failed and the first failures; {@code null} before
 */
public record BatchCopyStatus(String jobId, String status, boolean done, long total, long succeeded, long failed,
                              CopySummary summary) {
    public BatchCopyStatus {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(status, "status");
    }
}
