package org.lakefsbackup.core.step;

/** Which generation a target namespace is being restored from, kept in the backup location's {@code restores/}. */
record RestoreRecord(String generation, String targetRepository, String targetNamespace, String runId) {
}
