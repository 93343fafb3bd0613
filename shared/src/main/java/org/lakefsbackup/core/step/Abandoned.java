package org.lakefsbackup.core.step;

/** A backup run given up after a failure: its scratch removed and its lease released. */
public record Abandoned(String repository, String runId) {
}
