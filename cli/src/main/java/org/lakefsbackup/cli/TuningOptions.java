package org.lakefsbackup.cli;

import java.time.Duration;
import org.lakefsbackup.core.step.Settings;
import picocli.CommandLine.Option;

/** Options that tune copies and task waits. */
final class TuningOptions {
    @Option(names = "--chunk-size", paramLabel = "N", converter = Converters.Positive.class,
            description = "objects per copy chunk (default 1000)")
    Integer chunkSize;

    @Option(names = "--concurrency", paramLabel = "N", converter = Converters.Positive.class,
            description = "concurrent copies (default 16)")
    Integer concurrency;

    @Option(names = "--task-timeout", paramLabel = "SECONDS", converter = Converters.PositiveLong.class,
            description = "fail a lakeFS dump/restore task that makes no progress for this long (default 3600)")
    Long taskTimeoutSeconds;

    Settings settings() {
        Settings s = Settings.defaults();
        if (chunkSize != null) {
            s = s.withCopyChunkSize(chunkSize);
        }
        if (concurrency != null) {
            s = s.withCopyConcurrency(concurrency);
        }
        if (taskTimeoutSeconds != null) {
            s = s.withTaskTimeout(Duration.ofSeconds(taskTimeoutSeconds));
        }
        return s;
    }
}
