package org.lakefsbackup.aws.handler;

/** Whether the clean-up deleted the partially restored repository. */
public record CleanupResult(String repository, boolean deleted) {
}
