package org.lakefsbackup.cli;

import java.util.concurrent.atomic.AtomicLong;
import org.lakefsbackup.core.copy.ProgressListener;

/**
 * The console's progress of the repository a workflow works on: a backup-all run backs up one repository after the
 * other, and each one's lines name it. {@link LocalRun} switches it when a backup starts.
 */
final class RepositoryProgress implements ProgressListener {
    private final Console console;
    private final AtomicLong earlierRetries = new AtomicLong();
    private volatile ConsoleProgress current;

    RepositoryProgress(Console console) {
        this.console = console;
    }

    /** Lines from now on are about {@code repository}. */
    void switchTo(String repository) {
        if (current != null) {
            earlierRetries.addAndGet(current.retries());
        }
        current = console.progress(repository);
    }

    /** Retries seen so far, every repository's. */
    long retries() {
        ConsoleProgress c = current;
        return earlierRetries.get() + (c == null ? 0 : c.retries());
    }

    @Override
    public void stepStarted(String step) {
        if (current != null) {
            current.stepStarted(step);
        }
    }

    @Override
    public void copyPlanned(long objects, long bytes) {
        if (current != null) {
            current.copyPlanned(objects, bytes);
        }
    }

    @Override
    public void objectCopied(long bytes) {
        if (current != null) {
            current.objectCopied(bytes);
        }
    }

    @Override
    public void retried(String key, String reason) {
        if (current != null) {
            current.retried(key, reason);
        }
    }
}
