package org.lakefsbackup.tools.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.lakefsbackup.core.copy.ProgressListener;

/**
 * A progress listener that times the runner's steps: each step lasts until the next one starts; repeated steps
 * (per-chunk copies, task polls including the waits between them) add up under one name. Counts copied objects.
 */
final class StepTimer implements ProgressListener {
    private final Map<String, Long> nanos = new LinkedHashMap<>();
    private final AtomicLong copied = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private String current;
    private long since;

    @Override
    public synchronized void stepStarted(String step) {
        long now = System.nanoTime();
        close(now);
        current = step;
        since = now;
    }

    @Override
    public void objectCopied(long bytes) {
        copied.incrementAndGet();
    }

    @Override
    public void retried(String key, String reason) {
        retries.incrementAndGet();
    }

    /** Ends the last step; returns milliseconds by step, in the order the steps first ran. */
    synchronized Map<String, Long> finish() {
        close(System.nanoTime());
        current = null;
        Map<String, Long> ms = new LinkedHashMap<>();
        nanos.forEach((step, n) -> ms.put(step, n / 1_000_000));
        return ms;
    }

    long copied() {
        return copied.get();
    }

    long retries() {
        return retries.get();
    }

    private void close(long now) {
        if (current != null) {
            nanos.merge(current, now - since, Long::sum);
        }
    }
}
