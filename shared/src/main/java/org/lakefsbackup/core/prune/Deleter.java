package org.lakefsbackup.core.prune;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.ObjectLock;
import org.lakefsbackup.core.store.ObjectStore;
import org.lakefsbackup.core.store.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes backed-up objects that no kept generation references, respecting locks: each object is looked up first
 * (a HEAD, which on S3 carries its Object Lock retention and legal hold); a locked one is skipped and reported with
 * its retain-until date, never an error. A delete the store refuses (S3's 403 on a locked version) is looked up again:
 * locked, it is skipped likewise; otherwise the refusal stands (a missing permission is an error). An object already
 * gone counts as deleted, so running a delete again after a failure does nothing twice. Thread-safe.
 */
public final class Deleter {
    private static final Logger LOG = LoggerFactory.getLogger(Deleter.class);

    private final Storage storage;
    private final Clock clock;
    private final int concurrency;

    /**
     * @param concurrency deletes at once
     */
    public Deleter(Storage storage, Clock clock, int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be positive");
        }
        this.storage = storage;
        this.clock = clock;
        this.concurrency = concurrency;
    }

    /** What one object's delete came to: deleted (or already gone), or left because it is locked. */
    public record Outcome(Candidate candidate, LockedObject locked) {
        public boolean deleted() {
            return locked == null;
        }
    }

    /**
     * Deletes the objects, under {@code root} (the repository's backup root), {@code concurrency} at a time.
     *
     * @return one outcome per candidate, in order
     * @throws LakeFsBackupException the first failure other than a lock (after the others finished)
     */
    public List<Outcome> delete(Location root, List<Candidate> candidates) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, candidates.size()), r -> {
            Thread t = new Thread(r, "prune-delete");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            var mdc = org.slf4j.MDC.getCopyOfContextMap();
            for (Candidate c : candidates) {
                futures.add(pool.submit(() -> {
                    if (mdc != null) {
                        org.slf4j.MDC.setContextMap(mdc);
                    }
                    return delete(root.resolve(c.stored()), c);
                }));
            }
            List<Outcome> out = new ArrayList<>();
            LakeFsBackupException first = null;
            for (Future<Outcome> f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof LakeFsBackupException lbe) {
                        first = first == null ? lbe : first;
                    } else if (e.getCause() instanceof Error error) {
                        throw error;
                    } else {
                        throw ErrorCode.INTERNAL.exception("deleting failed unexpectedly: " + e.getCause(),
                                e.getCause());
                    }
                }
            }
            if (first != null) {
                throw first;
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ErrorCode.UNAVAILABLE.exception("interrupted while deleting", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Deletes one object unless it is locked; the outcome says which.
     *
     * @param candidate what the object is to the caller (where the backup holds it, relative to the repository's
     *                  backup root, and its size)
     */
    private Outcome delete(Location location, Candidate candidate) {
        return new Outcome(candidate, deleteUnlessLocked(location, candidate.stored(), candidate.size()));
    }

    /**
     * Deletes one object of the backup unless it is locked (then it stays).
     *
     * @param name how reports name it (e.g. its key relative to the repository's backup root)
     * @return the lock that kept it, or {@code null} when it was deleted (or was already gone)
     */
    public LockedObject deleteUnlessLocked(Location location, String name, long size) {
        ObjectStore store = storage.storeFor(location);
        Optional<ObjectInfo> head = store.head(location);
        if (head.isEmpty()) {
            return null; // already gone: an earlier attempt deleted it
        }
        LockedObject locked = locked(name, size, head.get().lock());
        if (locked != null) {
            LOG.debug("kept {}: locked {}", location, locked.lock());
            return locked;
        }
        try {
            store.delete(location);
            return null;
        } catch (LakeFsBackupException e) {
            if (e.code() != ErrorCode.UNAUTHORIZED) {
                throw e;
            }
            LockedObject nowLocked = store.head(location).map(o -> locked(name, size, o.lock())).orElse(null);
            if (nowLocked == null) {
                throw e;
            }
            return nowLocked;
        }
    }

    private LockedObject locked(String name, long size, ObjectLock lock) {
        if (lock == null || !lock.locked(clock.instant())) {
            return null;
        }
        return new LockedObject(name, size, lock.retainUntil(), lock.describe());
    }
}
