package org.lakefsbackup.tools.bench;

import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.lakefsbackup.core.store.CopyRequest;
import org.lakefsbackup.core.store.CopyResult;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.ObjectStore;
import org.lakefsbackup.core.store.StoreStats;

/**
 * An object store for the planner benchmark that holds nothing: the namespace and the backup's {@code objects/}
 * are {@link SyntheticListing}s, every other prefix lists empty, reads find nothing, and writes (the plan and
 * inventory chunks) are counted and dropped. Serves {@code s3://}{@value #BUCKET} only. Thread-safe.
 */
public final class SyntheticStore implements ObjectStore {
    public static final String BUCKET = "bench-synthetic";

    private final Location namespace;
    private final SyntheticListing source;
    private final Location held;
    private final SyntheticListing heldListing;
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final LongAdder writtenBytes = new LongAdder();
    private final long probeEvery;
    private final Runnable probe;

    /** A store without a probe. */
    public SyntheticStore(Location namespace, SyntheticListing source, Location held, SyntheticListing heldListing) {
        this(namespace, source, held, heldListing, 0, () -> {
        });
    }

    /**
     * @param namespace   the prefix that lists {@code source}
     * @param source      the namespace's objects
     * @param held        the prefix that lists {@code heldListing} (the backup's {@code objects/})
     * @param heldListing what the backup already holds
     * @param probeEvery  run {@code probe} on the listing thread each time this many namespace objects were listed
     *                    (0: never), e.g. to measure the heap in the middle of a plan
     */
    public SyntheticStore(Location namespace, SyntheticListing source, Location held, SyntheticListing heldListing,
                          long probeEvery, Runnable probe) {
        this.probeEvery = probeEvery;
        this.probe = probe;
        this.namespace = namespace;
        this.source = source;
        this.held = held;
        this.heldListing = heldListing;
    }

    /** Bytes written by {@code put}s (the gzipped plan and inventory chunks). */
    public long writtenBytes() {
        return writtenBytes.sum();
    }

    @Override
    public boolean supports(Location location) {
        return location.scheme() == Location.Scheme.S3 && BUCKET.equals(location.authority());
    }

    @Override
    public Stream<ObjectInfo> list(Location prefix, String startAfter) {
        count("List");
        if (prefix.equals(namespace)) {
            if (probeEvery <= 0) {
                return source.stream(startAfter);
            }
            LongAdder listed = new LongAdder();
            return source.stream(startAfter).peek(o -> {
                listed.increment();
                if (listed.sum() % probeEvery == 0) {
                    probe.run();
                }
            });
        }
        if (prefix.equals(held)) {
            return heldListing.stream(startAfter);
        }
        return Stream.empty();
    }

    @Override
    public Optional<ObjectInfo> head(Location location) {
        count("Head");
        return Optional.empty();
    }

    @Override
    public Optional<byte[]> get(Location location) {
        count("Get");
        return Optional.empty();
    }

    @Override
    public Optional<Versioned> getVersioned(Location location) {
        count("Get");
        return Optional.empty();
    }

    @Override
    public boolean replaceIfMatch(Location location, byte[] content, String etag) {
        count("Put");
        return false;
    }

    @Override
    public InputStream open(Location location) {
        throw new UnsupportedOperationException("the synthetic store holds no content: " + location);
    }

    @Override
    public boolean putIfAbsent(Location location, byte[] content) {
        count("PutIfAbsent");
        writtenBytes.add(content.length);
        return true;
    }

    @Override
    public void put(Location location, byte[] content) {
        count("Put");
        writtenBytes.add(content.length);
    }

    @Override
    public void upload(Location location, InputStream content, long length) {
        throw new UnsupportedOperationException("the planner does not upload: " + location);
    }

    @Override
    public CopyResult copy(CopyRequest request) {
        throw new UnsupportedOperationException("the planner does not copy: " + request.source());
    }

    @Override
    public void delete(Location location) {
        count("Delete");
    }

    @Override
    public StoreStats stats() {
        Map<String, Long> counts = new TreeMap<>();
        requests.forEach((type, n) -> counts.put(type, n.sum()));
        return new StoreStats(counts);
    }

    private void count(String type) {
        requests.computeIfAbsent(type, t -> new LongAdder()).increment();
    }
}
