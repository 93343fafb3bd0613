package org.lakefsbackup.cli;

import java.time.Duration;
import org.lakefsbackup.core.step.Settings;
import picocli.CommandLine.Option;

/** Options that tune copies, task waits, retries and leases. */
final class TuningOptions {
    @Option(names = "--chunk-size", paramLabel = "N", converter = Converters.Positive.class,
            description = "objects per copy chunk (default " + Settings.DEFAULT_COPY_CHUNK_SIZE
                    + "; env LAKEFS_BACKUP_CHUNK_SIZE)")
    Integer chunkSize;

    @Option(names = "--concurrency", paramLabel = "N", converter = Converters.Positive.class,
            description = "concurrent copies per chunk (default " + Settings.DEFAULT_COPY_CONCURRENCY
                    + "; env LAKEFS_BACKUP_CONCURRENCY)")
    Integer concurrency;

    @Option(names = "--chunk-concurrency", paramLabel = "N", converter = Converters.Positive.class,
            description = "chunks copied at once (default " + Settings.DEFAULT_CHUNK_CONCURRENCY
                    + "; env LAKEFS_BACKUP_CHUNK_CONCURRENCY)")
    Integer chunkConcurrency;

    @Option(names = "--task-timeout", paramLabel = "SECONDS", converter = Converters.PositiveLong.class,
            description = "a lakeFS dump/restore task that makes no progress for this long is stale and submitted "
                    + "again (default 3600; env LAKEFS_BACKUP_TASK_TIMEOUT)")
    Long taskTimeoutSeconds;

    @Option(names = "--lease-ttl", paramLabel = "SECONDS", converter = Converters.PositiveLong.class,
            description = "how long this run's lease lasts without renewal (default 600; env LAKEFS_BACKUP_LEASE_TTL)")
    Long leaseTtlSeconds;

    @Option(names = "--retries", paramLabel = "N", converter = Converters.NonNegative.class,
            description = "retries of a step that fails because lakeFS or a store is unreachable or throttling, "
                    + "with backoff from 5 s up to 2 minutes (default 7, about 6.5 minutes in all; env "
                    + "LAKEFS_BACKUP_RETRIES)")
    Integer retries;

    Settings settings() {
        Settings s = Settings.defaults();
        if (chunkSize != null) {
            s = s.withCopyChunkSize(chunkSize);
        }
        if (concurrency != null) {
            s = s.withCopyConcurrency(concurrency);
        }
        if (chunkConcurrency != null) {
            s = s.withChunkConcurrency(chunkConcurrency);
        }
        if (taskTimeoutSeconds != null) {
            s = s.withTaskTimeout(Duration.ofSeconds(taskTimeoutSeconds));
        }
        if (leaseTtlSeconds != null) {
            s = s.withLeaseTtl(Duration.ofSeconds(leaseTtlSeconds));
        }
        if (retries != null) {
            s = s.withStepAttempts(retries + 1);
        }
        return s;
    }
}
