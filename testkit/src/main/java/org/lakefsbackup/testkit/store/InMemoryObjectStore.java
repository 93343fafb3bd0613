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
import org.lakefsbackup.core.store.Checksum;
import org.lakefsbackup.core.store.ChecksumAlgorithm;
import org.lakefsbackup.core.store.ChecksumCalculator;
import org.lakefsbackup.core.store.CopyRequest;
import org.lakefsbackup.core.store.CopyResult;
import org.lakefsbackup.core.store.KeyOrder;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.ObjectLock;
import org.lakefsbackup.core.store.ObjectStore;
import org.lakefsbackup.core.store.StoreStats;

/**
 * An object store held in memory, serving every location of one {@link Location.Scheme}. The fake for unit tests.
 * ETags are the MD5 of the content, as S3 gives for single-part uploads without encryption, and the store says so;
 * a copy also reports the checksum of the algorithm its request names, as S3 does. Thread-safe. Counts operations so
 * tests can assert exact request numbers.
 */
public final class InMemoryObjectStore implements ObjectStore {
    private record Blob(byte[] content, String etag, Instant lastModified) {
    }

    private final Location.Scheme scheme;
    private final Clock clock;
    private final boolean encrypted;
    private final ConcurrentSkipListMap<String, Blob> blobs = new ConcurrentSkipListMap<>(KeyOrder.COMPARATOR);
    private final Map<String, AtomicLong> operations = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, ObjectLock> locks = new java.util.concurrent.ConcurrentHashMap<>();

    public InMemoryObjectStore(Location.Scheme scheme) {
        this(scheme, Clock.systemUTC());
    }

    public InMemoryObjectStore(Location.Scheme scheme, Clock clock) {
        this(scheme, clock, false);
    }

    private InMemoryObjectStore(Location.Scheme scheme, Clock clock, boolean encrypted) {
        this.scheme = scheme;
        this.clock = clock;
        this.encrypted = encrypted;
    }

    /**
     * A store behaving like an S3 bucket with SSE-KMS: every write gets a new random 32-hex ETag that is not an MD5
     * (and the store says so), and a copy reports a CRC64NVME checksum unless its request names another algorithm.
     */
    public static InMemoryObjectStore encrypted(Location.Scheme scheme) {
        return new InMemoryObjectStore(scheme, Clock.systemUTC(), true);
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
        return new StoreStats(counts);
    }

    /** Replaces an object's bytes behind the tool's back, as an overwrite would (the ETag becomes the new MD5). */
    public void corrupt(Location location, byte[] content) {
        Blob old = blobs.get(id(location));
        if (old == null) {
            throw new IllegalArgumentException("no object at " + location);
        }
        blobs.put(id(location), new Blob(content.clone(), encrypted ? randomEtag() : md5(content),
                old.lastModified()));
    }

    /** Replaces an object's bytes keeping its ETag and modification time: bit rot at rest, which no listing shows. */
    public void rot(Location location, byte[] content) {
        Blob old = blobs.get(id(location));
        if (old == null) {
            throw new IllegalArgumentException("no object at " + location);
        }
        blobs.put(id(location), new Blob(content.clone(), old.etag(), old.lastModified()));
    }

    /**
     * Locks an object as S3 Object Lock does a version: a HEAD reports the lock, and a delete while it holds (at this
     * store's clock) is refused with UNAUTHORIZED, as S3 refuses deleting a locked version. {@code null} lifts it.
     */
    public void lock(Location location, ObjectLock lock) {
        if (lock == null) {
            locks.remove(id(location));
        } else {
            locks.put(id(location), lock);
        }
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
                        e.getValue().etag(), (Checksum) null, e.getValue().lastModified(), !encrypted));
    }

    @Override
    public Optional<ObjectInfo> head(Location location) {
        record("head");
        Blob b = blobs.get(id(location));
        return Optional.ofNullable(b).map(x -> new ObjectInfo(location.key(), x.content().length, x.etag(),
                (Checksum) null, x.lastModified(), !encrypted, locks.get(id(location))));
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
    public CopyResult copy(CopyRequest request) {
        record("copy");
        Blob b = blobs.get(id(request.source()));
        if (b == null) {
            throw ErrorCode.NOT_FOUND.exception("copy source " + request.source() + " does not exist");
        }
        Blob copy = new Blob(b.content(), encrypted ? randomEtag() : b.etag(), clock.instant());
        blobs.put(id(request.target()), copy);
        ChecksumAlgorithm algorithm = request.checksumAlgorithm() != null || !encrypted ? request.checksumAlgorithm()
                : ChecksumAlgorithm.CRC64NVME;
        Checksum checksum = null;
        if (algorithm != null && algorithm != ChecksumAlgorithm.MD5) {
            ChecksumCalculator c = algorithm.calculator();
            c.update(b.content(), 0, b.content().length);
            checksum = c.finish();
        }
        return new CopyResult(copy.etag(), checksum, !encrypted);
    }

    @Override
    public void delete(Location location) {
        record("delete");
        ObjectLock lock = locks.get(id(location));
        if (lock != null && lock.locked(clock.instant())) {
            throw ErrorCode.UNAUTHORIZED.exception("AccessDenied: " + location + " is locked (" + lock.describe() + ")");
        }
        blobs.remove(id(location));
    }

    private void record(String operation) {
        operations.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
    }

    private Blob blob(byte[] content) {
        return new Blob(content.clone(), encrypted ? randomEtag() : md5(content), clock.instant());
    }

    private static String randomEtag() {
        return HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(16)
                .putLong(java.util.concurrent.ThreadLocalRandom.current().nextLong())
                .putLong(java.util.concurrent.ThreadLocalRandom.current().nextLong()).array());
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
