package org.lakefsbackup.core.copy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.model.CopyItem;
import org.lakefsbackup.core.model.JsonLinesChunks;
import org.lakefsbackup.core.retry.RetryPolicy;
import org.lakefsbackup.core.retry.Sleeper;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Copies one chunk of a plan with bounded concurrency. Retryable errors (throttling, unavailability) are retried
 * per object as the copier's {@link RetryPolicy} says; objects that still fail are returned as data, never thrown, so a
 * re-run copies only what is missing.
 */
public final class ChunkCopier {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkCopier.class);

    private final Storage storage;
    private final int concurrency;
    private final RetryPolicy retry;
    private final Sleeper sleeper;

    /** A copier retrying each object as {@link RetryPolicy#OBJECT} says, with {@code maxAttempts} attempts. */
    public ChunkCopier(Storage storage, int concurrency, int maxAttempts) {
        this(storage, concurrency, RetryPolicy.OBJECT.withMaxAttempts(maxAttempts), Sleeper.SYSTEM);
    }

    /**
     * @param retry   how each object is retried on retryable errors
     * @param sleeper waits between attempts
     */
    public ChunkCopier(Storage storage, int concurrency, RetryPolicy retry, Sleeper sleeper) {
        this.storage = storage;
        this.concurrency = concurrency;
        this.retry = retry;
        this.sleeper = sleeper;
    }

    /** Copies chunk {@code index} of {@code plan}. */
    public CopySummary copyChunk(CopyPlan plan, int index, ProgressListener progress) {
        if (index < 0 || index >= plan.chunks()) {
            throw ErrorCode.INVALID_INPUT.exception("chunk " + index + " is outside the plan's 0.." + (plan.chunks() - 1));
        }
        List<CopyItem> items = JsonLinesChunks.readChunk(storage, Location.parse(plan.planPrefix()), index,
                CopyItem.class);
        return copy(Location.parse(plan.sourceRoot()), Location.parse(plan.targetRoot()), items, progress);
    }

    /** Copies items whose keys are relative to the two roots. */
    public CopySummary copy(Location sourceRoot, Location targetRoot, List<CopyItem> items, ProgressListener progress) {
        AtomicLong copied = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong retries = new AtomicLong();
        List<CopyFailure> failures = Collections.synchronizedList(new ArrayList<>());
        var context = MDC.getCopyOfContextMap();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, Math.max(1, items.size())), r -> {
            Thread t = new Thread(r, "copy");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>(items.size());
            for (CopyItem item : items) {
                futures.add(pool.submit(() -> {
                    if (context != null) {
                        MDC.setContextMap(context);
                    }
                    CopyFailure failure = copyOne(sourceRoot, targetRoot, item, retries, progress);
                    if (failure == null) {
                        copied.incrementAndGet();
                        bytes.addAndGet(item.size());
                        progress.objectCopied(item.size());
                    } else {
                        failures.add(failure);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ErrorCode.UNAVAILABLE.exception("copy interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw ErrorCode.INTERNAL.exception("copy task failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        List<CopyFailure> sorted = new ArrayList<>(failures);
        sorted.sort((a, b) -> a.key().compareTo(b.key()));
        return new CopySummary(copied.get(), sorted.size(), bytes.get(), retries.get(), sorted);
    }

    private CopyFailure copyOne(Location sourceRoot, Location targetRoot, CopyItem item, AtomicLong retries,
                                ProgressListener progress) {
        Location source = sourceRoot.resolve(item.source());
        Location target = targetRoot.resolve(item.target());
        for (int attempt = 1; ; attempt++) {
            try {
                storage.copy(source, target, item.size());
                LOG.debug("copied {} -> {} ({} bytes)", source, target, item.size());
                return null;
            } catch (LakeFsBackupException e) {
                if (!retry.retries(e, attempt)) {
                    LOG.warn("copy of {} failed after {} attempt(s): {}", item.source(), attempt, e.getMessage());
                    return new CopyFailure(item.source(), e.code(), e.getMessage());
                }
                retries.incrementAndGet();
                progress.retried(item.source(), e.getMessage());
                try {
                    sleeper.sleep(retry.delay(attempt));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return new CopyFailure(item.source(), ErrorCode.UNAVAILABLE, "interrupted");
                }
            } catch (RuntimeException e) {
                LOG.warn("copy of {} failed: {}", item.source(), e.toString());
                return new CopyFailure(item.source(), ErrorCode.INTERNAL, e.toString());
            }
        }
    }
}
