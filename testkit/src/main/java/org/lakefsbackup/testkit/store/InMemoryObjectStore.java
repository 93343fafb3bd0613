package org.lakefsbackup.testkit.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.store.KeyOrder;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.ObjectStore;
import org.lakefsbackup.core.store.StoreStats;

/**
 * An object store held in memory, serving every location of one {@link Location.Scheme}. The fake for unit tests.
 * ETags are the MD5 of the content, as S3 gives for single-part uploads. Thread-safe. Counts operations so tests
 * can assert exact request numbers.
 */
public final class InMemoryObjectStore implements ObjectStore {
    private record Blob(byte[] content, String etag, Instant lastModified) {
    }

    private final Location.Scheme scheme;
    private final Clock clock;
    private final ConcurrentSkipListMap<String, Blob> blobs = new ConcurrentSkipListMap<>(KeyOrder.COMPARATOR);
    private final Map<String, AtomicLong> operations = new java.util.concurrent.ConcurrentHashMap<>();

    public InMemoryObjectStore(Location.Scheme scheme) {
        this(scheme, Clock.systemUTC());
    }

    public InMemoryObjectStore(Location.Scheme scheme, Clock clock) {
        this.scheme = scheme;
        this.clock = clock;
    }

    /** How many times an operation ({@code list}, {@code head}, {@code get}, {@code put}, {@code copy}...) ran. */
    public long count(String operation) {
        AtomicLong n = operations.get(operation);
        return n == null ? 0 : n.get();
    }

    public void resetCounts() {
        operations.clear();
    }

    /** The operation counts as stats: one request per operation, never a retry. */
    @Override
    public StoreStats stats() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        operations.forEach((op, n) -> counts.put(op, n.get()));
        return new StoreStats(counts, 0);
    }

    /** Replaces an object's bytes behind the store's back, keeping its ETag: simulates silent corruption. */
    public void corrupt(Location location, byte[] content) {
        Blob old = blobs.get(id(location));
        if (old == null) {
            throw new IllegalArgumentException("no object at " + location);
        }
        blobs.put(id(location), new Blob(content.clone(), md5(content), old.lastModified()));
    }

    @Override
    public boolean supports(Location location) {
        return location.scheme() == scheme;
    }

    @Override
    public Stream<ObjectInfo> list(Location prefix, String startAfter) {
        record("list");
        String base = id(prefix);
        String from = base.endsWith("|") ? base : base + "/";
        String start = startAfter == null || startAfter.isEmpty() ? from : from + startAfter;
        boolean inclusive = startAfter == null || startAfter.isEmpty();
        return blobs.tailMap(start, inclusive).entrySet().stream()
                .takeWhile(e -> e.getKey().startsWith(from))
                .map(e -> new ObjectInfo(e.getKey().substring(from.length()), e.getValue().content().length,
                        e.getValue().etag(), null, e.getValue().lastModified()));
    }

    @Override
    public Optional<ObjectInfo> head(Location location) {
        record("head");
        Blob b = blobs.get(id(location));
        return Optional.ofNullable(b).map(x -> new ObjectInfo(location.key(), x.content().length, x.etag(), null,
                x.lastModified()));
    }

    @Override
    public Optional<byte[]> get(Location location) {
        record("get");
        return Optional.ofNullable(blobs.get(id(location))).map(b -> b.content().clone());
    }

    @Override
    public Optional<Versioned> getVersioned(Location location) {
        record("get");
        return Optional.ofNullable(blobs.get(id(location))).map(b -> new Versioned(b.content().clone(), b.etag()));
    }

    @Override
    public boolean replaceIfMatch(Location location, byte[] content, String etag) {
        record("put");
        String id = id(location);
        Blob current = blobs.get(id);
        return current != null && current.etag().equals(etag) && blobs.replace(id, current, blob(content));
    }

    @Override
    public InputStream open(Location location) {
        record("get");
        Blob b = blobs.get(id(location));
        if (b == null) {
            throw ErrorCode.NOT_FOUND.exception("no object at " + location);
        }
        return new ByteArrayInputStream(b.content());
    }

    @Override
    public boolean putIfAbsent(Location location, byte[] content) {
        record("put");
        return blobs.putIfAbsent(id(location), blob(content)) == null;
    }

    @Override
    public void put(Location location, byte[] content) {
        record("put");
        blobs.put(id(location), blob(content));
    }

    @Override
    public void upload(Location location, InputStream content, long length) {
        record("put");
        try {
            byte[] bytes = content.readNBytes((int) length);
            if (bytes.length != length) {
                throw ErrorCode.INVALID_INPUT.exception("stream for " + location + " ended after " + bytes.length
                        + " of " + length + " bytes");
            }
            blobs.put(id(location), blob(bytes));
        } catch (IOException e) {
            throw ErrorCode.UNAVAILABLE.exception("reading upload stream failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void copy(Location source, Location target, long expectedSize) {
        record("copy");
        Blob b = blobs.get(id(source));
        if (b == null) {
            throw ErrorCode.NOT_FOUND.exception("copy source " + source + " does not exist");
        }
        blobs.put(id(target), new Blob(b.content(), b.etag(), clock.instant()));
    }

    @Override
    public void delete(Location location) {
        record("delete");
        blobs.remove(id(location));
    }

    private void record(String operation) {
        operations.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
    }

    private Blob blob(byte[] content) {
        return new Blob(content.clone(), md5(content), clock.instant());
    }

    /** Bucket/container, a separator that sorts before any key character that matters, then the key. */
    private static String id(Location l) {
        String store = l.authority() + "/" + l.container() + "|";
        return l.key().isEmpty() ? store : store + l.key();
    }

    private static String md5(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
