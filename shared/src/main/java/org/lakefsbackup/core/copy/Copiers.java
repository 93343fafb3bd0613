package org.lakefsbackup.core.copy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.lakefsbackup.core.store.Storage;

/**
 * The chunk copiers of one process (or cloud function instance): one per storage, concurrency and attempts, so
 * every copy step a process runs, one after another or side by side, continues at the concurrency the earlier ones
 * adapted to, and all of them together stay within the target store's connections. Thread-safe.
 */
public final class Copiers {
    private final Map<Key, ChunkCopier> copiers = new ConcurrentHashMap<>();

    private record Key(Storage storage, int concurrency, int maxAttempts) {
    }

    /** The copier for these settings, made on first use and then shared. */
    public ChunkCopier copier(Storage storage, int concurrency, int maxAttempts) {
        return copiers.computeIfAbsent(new Key(storage, concurrency, maxAttempts),
                k -> new ChunkCopier(k.storage(), k.concurrency(), k.maxAttempts()));
    }
}
