package org.lakefsbackup.aws.handler;

import org.lakefsbackup.core.copy.CopySummary;

/** What every copy-chunk run of a plan did together, and the objects the plan skipped as already present. */
public record CopyTotals(CopySummary copy, long skipped, int chunks, int failedChunks) {
}
