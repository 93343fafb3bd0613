package org.lakefsbackup.core.copy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.model.CopyItem;
import org.lakefsbackup.core.model.JsonLinesChunks;
import org.lakefsbackup.core.retry.RetryPolicy;
import org.lakefsbackup.core.retry.Sleeper;
import org.lakefsbackup.core.store.Checksum;
import org.lakefsbackup.core.store.ContentIdentity;
import org.lakefsbackup.core.store.CopyRequest;
import org.lakefsbackup.core.store.CopyResult;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectStore;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.core.store.TargetEncryption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Copies one chunk of a plan with adaptive, bounded concurrency: it starts at the configured level and grows (up to
 * {@link #maxConcurrency} of it) while copies per second grow and the target store reports no throttling, and halves
 * on throttling ({@link AdaptiveLimit}, one per target store). One copier serves every chunk of a process
 * ({@link Copiers}): the level applies to each chunk, carries over to the next chunks, and is adapted by the chunks
 * copied side by side together; all of them together never run more copies at once than the target store has
 * connections ({@link ObjectStore#maxConcurrentRequests()}). Thread-safe. Retryable errors (throttling, unavailability) are retried
 * per object as the copier's {@link RetryPolicy} says; objects that still fail are returned as data, never thrown, so a
 * re-run copies only what is missing.
 *
 * <p>Where an item names the checksum its copy must have (a restore: the one the generation's inventory recorded),
 * the copy asks the target store for that algorithm and compares what the store's answer reports: a copy with other
 * content is a failure (VERIFICATION_FAILED, counted in {@link CopySummary#mismatched()}) and is deleted again, so
 * that a resumed restore does not take it for a good copy. No byte is read back through the process. When the plan
 * has a {@link CopyPlan#copiedPrefix()}, every item's outcome ({@link CopiedObject}) is written there, one part
 * per chunk, sorted by key.
 */
public final class ChunkCopier {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkCopier.class);

    private final Storage storage;
    private final int concurrency;
    private final RetryPolicy retry;
    private final Sleeper sleeper;
    private final TargetEncryption encryption;
    private final Map<ObjectStore, AdaptiveLimit> limits;

    /** A copier retrying each object as {@link RetryPolicy#OBJECT} says, with {@code maxAttempts} attempts. */
    public ChunkCopier(Storage storage, int concurrency, int maxAttempts) {
        this(storage, concurrency, RetryPolicy.OBJECT.withMaxAttempts(maxAttempts), Sleeper.SYSTEM);
    }

    /**
     * @param retry   how each object is retried on retryable errors
     * @param sleeper waits between attempts
     */
    public ChunkCopier(Storage storage, int concurrency, RetryPolicy retry, Sleeper sleeper) {
        this(storage, concurrency, retry, sleeper, TargetEncryption.STORE_DEFAULT, new ConcurrentHashMap<>());
    }

    private ChunkCopier(Storage storage, int concurrency, RetryPolicy retry, Sleeper sleeper,
                        TargetEncryption encryption, Map<ObjectStore, AdaptiveLimit> limits) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
        this.storage = storage;
        this.concurrency = concurrency;
        this.retry = retry;
        this.sleeper = sleeper;
        this.encryption = encryption;
        this.limits = limits;
    }

    /**
     * This copier, encrypting what it writes as given (default: the target store's default encryption); it shares
     * this copier's concurrency limits.
     */
    public ChunkCopier withTargetEncryption(TargetEncryption targetEncryption) {
        return new ChunkCopier(storage, concurrency, retry, sleeper, targetEncryption, limits);
    }

    /** The most copies at once a copier configured for {@code concurrency} grows to: 4 times that, at most 128. */
    public static int maxConcurrency(int concurrency) {
        return Math.max(concurrency, Math.min(128, 4 * concurrency));
    }

    /**
     * How the concurrency of copies to {@code target} adapted so far: the level starts at the configured one and
     * grows to at most {@link #maxConcurrency}, both no more than the store's connections, which also cap the copies
     * of all chunks together.
     */
    AdaptiveLimit limitFor(ObjectStore target) {
        return limits.computeIfAbsent(target, store -> {
            int cap = Math.max(1, store.maxConcurrentRequests());
            return new AdaptiveLimit(Math.min(cap, concurrency), Math.min(cap, maxConcurrency(concurrency)), cap,
                    System::nanoTime);
        });
    }

    /** Copies chunk {@code index} of {@code plan}, and records the outcomes when the plan asks for it. */
    public CopySummary copyChunk(CopyPlan plan, int index, ProgressListener progress) {
        if (index < 0 || index >= plan.chunks()) {
            throw ErrorCode.INVALID_INPUT.exception("chunk " + index + " is outside the plan's 0.." + (plan.chunks() - 1));
        }
        List<CopyItem> items = JsonLinesChunks.readChunk(storage, Location.parse(plan.planPrefix()), index,
                CopyItem.class);
        Outcome outcome = run(Location.parse(plan.sourceRoot()), Location.parse(plan.targetRoot()), items, progress);
        if (plan.copiedPrefix() != null) {
            JsonLinesChunks.writeChunk(storage, Location.parse(plan.copiedPrefix()), index, outcome.copies());
        }
        return outcome.summary();
    }

    /** Copies items whose keys are relative to the two roots. */
    public CopySummary copy(Location sourceRoot, Location targetRoot, List<CopyItem> items, ProgressListener progress) {
        return run(sourceRoot, targetRoot, items, progress).summary();
    }

    /** What copying a list of items did, summed up and item by item (sorted by key). */
    private record Outcome(CopySummary summary, List<CopiedObject> copies) {
    }

    private Outcome run(Location sourceRoot, Location targetRoot, List<CopyItem> items, ProgressListener progress) {
        List<Future<Attempt>> futures = new ArrayList<>(items.size());
        var context = MDC.getCopyOfContextMap();
        ObjectStore target = storage.storeFor(targetRoot);
        AdaptiveLimit limit = limitFor(target);
        AdaptiveLimit.Group chunk = limit.group();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(maxConcurrency(concurrency),
                Math.max(1, items.size())), r -> {
            Thread t = new Thread(r, "copy");
            t.setDaemon(true);
            return t;
        });
        List<Attempt> attempts = new ArrayList<>(items.size());
        try {
            for (CopyItem item : items) {
                // the chunk's own thread waits for a slot, so a finished copy wakes one waiter per chunk, not every
                // idle copy thread of every chunk
                long ticket = limit.acquire(chunk);
                boolean submitted = false;
                try {
                    futures.add(pool.submit(() -> {
                        long throttledBefore = target.throttledAnswers();
                        Attempt a = null;
                        try {
                            if (context != null) {
                                MDC.setContextMap(context);
                            }
                            a = copyOne(sourceRoot, targetRoot, item, progress);
                        } finally {
                            limit.release(chunk, ticket, target.throttledAnswers() > throttledBefore
                                    || (a != null && a.throttled()));
                        }
                        if (a.failure() == null) {
                            progress.objectCopied(item.size());
                        }
                        return a;
                    }));
                    submitted = true;
                } finally {
                    if (!submitted) {
                        limit.release(chunk, ticket, false);
                    }
                }
            }
            for (Future<Attempt> f : futures) {
                attempts.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ErrorCode.UNAVAILABLE.exception("copy interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw ErrorCode.INTERNAL.exception("copy task failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return summarize(attempts);
    }

    private static Outcome summarize(List<Attempt> attempts) {
        long copied = 0;
        long bytes = 0;
        long retries = 0;
        long mismatched = 0;
        long unverified = 0;
        List<CopyFailure> failures = new ArrayList<>();
        List<CopiedObject> copies = new ArrayList<>(attempts.size());
        for (Attempt a : attempts) {
            retries += a.retries();
            if (a.failure() == null) {
                copied++;
                bytes += a.item().size();
                if (a.unverified()) {
                    unverified++;
                }
            } else {
                failures.add(a.failure());
                if (a.failure().code() == ErrorCode.VERIFICATION_FAILED) {
                    mismatched++;
                }
            }
            copies.add(a.record());
        }
        failures.sort(Comparator.comparing(CopyFailure::key));
        copies.sort(Comparator.comparing(CopiedObject::key, org.lakefsbackup.core.store.KeyOrder.COMPARATOR));
        return new Outcome(new CopySummary(copied, failures.size(), bytes, retries, failures, mismatched, unverified),
                copies);
    }

    /** One item's copy: the store's answer or the failure, and the retries it took. */
    private record Attempt(CopyItem item, CopyResult result, CopyFailure failure, long retries, boolean unverified,
                           boolean throttled) {
        Attempt(CopyItem item, CopyResult result, CopyFailure failure, long retries, boolean unverified) {
            this(item, result, failure, retries, unverified, false);
        }

        Attempt throttledToo(boolean wasThrottled) {
            return wasThrottled ? new Attempt(item, result, failure, retries, unverified, true) : this;
        }

        CopiedObject record() {
            if (failure != null) {
                return new CopiedObject(item.source(), item.size(), null, null, failure.code());
            }
            List<Checksum> reported = result.checksums();
            Checksum best = item.checksum() != null ? ContentIdentity.comparable(item.checksum(), reported) : null;
            return new CopiedObject(item.source(), item.size(), result.etag(),
                    best != null ? best : reported.isEmpty() ? null : reported.get(0), null);
        }
    }

    private Attempt copyOne(Location sourceRoot, Location targetRoot, CopyItem item, ProgressListener progress) {
        Location source = sourceRoot.resolve(item.source());
        Location target = targetRoot.resolve(item.target());
        CopyRequest request = CopyRequest.builder(source, target).expectedSize(item.size())
                .checksumAlgorithm(item.checksum() == null ? null : item.checksum().algorithm())
                .encryption(encryption).build();
        long retries = 0;
        boolean throttled = false;
        for (int attempt = 1; ; attempt++) {
            CopyResult result;
            try {
                result = storage.copy(request);
            } catch (LakeFsBackupException e) {
                throttled |= e.code() == ErrorCode.THROTTLED;
                if (!retry.retries(e, attempt)) {
                    LOG.warn("copy of {} failed after {} attempt(s): {}", item.source(), attempt, e.getMessage());
                    return new Attempt(item, null, new CopyFailure(item.source(), e.code(), e.getMessage()), retries,
                            false, throttled);
                }
                retries++;
                progress.retried(item.source(), e.getMessage());
                try {
                    sleeper.sleep(retry.delay(attempt));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return new Attempt(item, null, new CopyFailure(item.source(), ErrorCode.UNAVAILABLE,
                            "interrupted"), retries, false, throttled);
                }
                continue;
            } catch (RuntimeException e) {
                LOG.warn("copy of {} failed: {}", item.source(), e.toString());
                return new Attempt(item, null, new CopyFailure(item.source(), ErrorCode.INTERNAL, e.toString()),
                        retries, false);
            }
            LOG.debug("copied {} -> {} ({} bytes)", source, target, item.size());
            return check(item, target, result, retries).throttledToo(throttled);
        }
    }

    /** Compares the copy's reported checksums with the expected one; deletes a copy with other content. */
    private Attempt check(CopyItem item, Location target, CopyResult result, long retries) {
        if (item.checksum() == null) {
            return new Attempt(item, result, null, retries, false);
        }
        List<Checksum> reported = result.checksums();
        return switch (ContentIdentity.compare(List.of(item.checksum()), reported)) {
            case SAME -> new Attempt(item, result, null, retries, false);
            case UNKNOWN -> {
                LOG.debug("copy of {} reported no {} checksum to compare", item.source(), item.checksum().algorithm().id());
                yield new Attempt(item, result, null, retries, true);
            }
            case DIFFERENT -> {
                Checksum got = ContentIdentity.comparable(item.checksum(), reported);
                String message = "the copy of " + item.source() + " has other content than recorded: "
                        + item.checksum() + " expected, " + got + " copied";
                LOG.warn("{}; deleting the copy at {}", message, target);
                try {
                    storage.storeFor(target).delete(target);
                } catch (LakeFsBackupException e) {
                    LOG.warn("could not delete the mismatched copy at {}: {}", target, e.getMessage());
                }
                yield new Attempt(item, result, new CopyFailure(item.source(), ErrorCode.VERIFICATION_FAILED,
                        message), retries, false);
            }
        };
    }
}
