package org.lakefsbackup.azure.durable;

/**
 * Output of the {@value DurableWorkflowContext#SETTINGS_ACTIVITY} activity: how wide an orchestration fans out
 * ({@code LAKEFS_BACKUP_CHUNK_CONCURRENCY}), recorded in its history once.
 */
public record FanOutSettings(int chunkConcurrency) {
}
