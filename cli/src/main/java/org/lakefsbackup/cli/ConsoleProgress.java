package org.lakefsbackup.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.lakefsbackup.core.copy.ProgressListener;

/**
 * Progress of one repository's run on stderr, each line starting with the repository's name: the steps that do
 * something, and for copies objects and bytes done of total, rate and ETA, at most once a second.
 */
public final class ConsoleProgress implements ProgressListener {
    /** Steps that only wait or whose work the copy lines show. */
    private static final Set<String> SILENT = Set.of("poll-dump", "poll-restore", "copy");
    private final PrintWriter err;
    private final boolean quiet;
    private final String prefix;
    private final Set<String> skipped = new HashSet<>();
    private final AtomicLong objects = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private volatile long totalObjects;
    private volatile long totalBytes;
    private volatile long copyStart;
    private volatile long lastPrint;

    ConsoleProgress(PrintWriter err, boolean quiet, String repository) {
        this.err = err;
        this.quiet = quiet;
        this.prefix = repository + ": ";
    }

    /** Does not print {@code step}, which runs but has nothing to do in this run (e.g. commit without --commit). */
    public ConsoleProgress skipping(String step) {
        skipped.add(step);
        return this;
    }

    long retries() {
        return retries.get();
    }

    @Override
    public void stepStarted(String step) {
        if (!quiet && !SILENT.contains(step) && !skipped.contains(step)) {
            line(step);
        }
    }

    private void line(String text) {
        synchronized (err) {
            err.println(prefix + text);
            err.flush();
        }
    }

    @Override
    public void copyPlanned(long objects, long bytes) {
        totalObjects = objects;
        totalBytes = bytes;
        copyStart = System.nanoTime();
        this.objects.set(0);
        this.bytes.set(0);
        if (!quiet) {
            line(String.format(Locale.ROOT, "copy %d objects, %s", objects, human(bytes)));
        }
    }

    @Override
    public void objectCopied(long size) {
        long n = objects.incrementAndGet();
        bytes.addAndGet(size);
        long now = System.nanoTime();
        if (!quiet && (n == totalObjects || now - lastPrint > 1_000_000_000L)) {
            lastPrint = now;
            print(now);
        }
    }

    @Override
    public void retried(String key, String reason) {
        retries.incrementAndGet();
    }

    private synchronized void print(long now) {
        double seconds = Math.max(1e-3, (now - copyStart) / 1e9);
        long n = objects.get();
        double rate = n / seconds;
        long etaSeconds = rate > 0 ? (long) ((totalObjects - n) / rate) : 0;
        line(String.format(Locale.ROOT, "copied %d/%d objects, %s/%s, %.0f objects/s, ETA %s%s", n, totalObjects,
                human(bytes.get()), human(totalBytes), rate, Duration.ofSeconds(etaSeconds).toString().substring(2)
                        .toLowerCase(Locale.ROOT), retries.get() > 0 ? ", " + retries.get() + " retries" : ""));
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
