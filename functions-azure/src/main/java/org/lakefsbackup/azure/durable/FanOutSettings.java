package org.lakefsbackup.azure.durable;

/**
 * Output of the {@value DurableWorkflowContext#SETTINGS_ACTIVITY} activity, recorded once in an orchestration's
 * history: how wide it fans out and how many inputs it fans out itself before handing batches to
 * {@value DurableWorkflowContext#FAN_OUT} sub-orchestrations.
 *
 * @param chunkConcurrency activities in flight at most ({@code LAKEFS_BACKUP_CHUNK_CONCURRENCY})
 * @param batch            inputs per orchestration history ({@code LAKEFS_BACKUP_FAN_OUT_BATCH})
 */
public record FanOutSettings(int chunkConcurrency, int batch) {
    public FanOutSettings {
        if (chunkConcurrency < 1 || batch < 1) {
            throw new IllegalArgumentException("chunk concurrency and batch must be positive");
        }
    }
}
