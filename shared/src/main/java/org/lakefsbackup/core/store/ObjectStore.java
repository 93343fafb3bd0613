package org.lakefsbackup.core.store;

import java.io.InputStream;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The port every object store (S3, Azure Blob, local files) implements. Implementations are thread-safe.
 *
 * <p>Errors are reported as {@link org.lakefsbackup.core.error.LakeFsBackupException}s whose code says whether a
 * retry can help ({@code THROTTLED}, {@code UNAVAILABLE}) or not ({@code NOT_FOUND}, {@code UNAUTHORIZED}...).
 * Implementations retry throttling themselves with jittered exponential backoff before giving up.
 */
public interface ObjectStore extends AutoCloseable {

    /** Whether this store serves locations of this kind (and, for S3 or Azure, this bucket or account). */
    boolean supports(Location location);

    /**
     * Lists every object under {@code prefix} (keys starting with {@code prefix + "/"}, or every key when the
     * prefix is the store root) whose relative key sorts after {@code startAfter}, in {@link KeyOrder}.
     * The stream is paged lazily: it never holds all keys in memory. Close it when done.
     *
     * @param startAfter a relative key, or {@code null} or empty to start at the beginning
     * @return objects whose {@link ObjectInfo#key()} is relative to {@code prefix}
     */
    Stream<ObjectInfo> list(Location prefix, String startAfter);

    /** Metadata of one object, empty when it does not exist. The returned key is the location's full key. */
    Optional<ObjectInfo> head(Location location);

    /** Reads a small document whole, empty when it does not exist. */
    Optional<byte[]> get(Location location);

    /** Opens an object for streaming. The caller closes the stream. */
    InputStream open(Location location);

    /**
     * Writes a small document only if no object exists at the location.
     *
     * @return {@code true} if written, {@code false} if an object was already there (it is left unchanged)
     */
    boolean putIfAbsent(Location location, byte[] content);

    /**
     * Reads a small document whole with the version tag (ETag) the store gave it, for compare-and-swap with
     * {@link #replaceIfMatch}; empty when it does not exist.
     */
    Optional<Versioned> getVersioned(Location location);

    /**
     * Replaces a small document only if it still carries {@code etag} (S3 and Azure {@code If-Match}): the
     * compare-and-swap that leases are built on. Used on backup storage only.
     *
     * @return {@code true} if replaced; {@code false} if the object changed since it was read or no longer exists
     */
    boolean replaceIfMatch(Location location, byte[] content, String etag);

    /** A small document and its version tag. */
    record Versioned(byte[] content, String etag) {
        public Versioned {
            java.util.Objects.requireNonNull(content, "content");
            java.util.Objects.requireNonNull(etag, "etag");
        }
    }

    /** Writes (or replaces) a small document. Used on backup storage only. */
    void put(Location location, byte[] content);

    /**
     * Writes an object from a stream of known length, replacing any object there. Memory use is bounded by the
     * part size, whatever the length.
     */
    void upload(Location location, InputStream content, long length);

    /**
     * Copies an object inside this store without passing its bytes through the process (S3 CopyObject or
     * UploadPartCopy, Azure Put Block From URL, a file copy). Both locations must be {@link #supports supported}.
     *
     * @return what the store's answer says about the written object: its ETag and the checksum of the requested
     *         algorithm (or the store's own), where the store reports them
     */
    CopyResult copy(CopyRequest request);

    /** Deletes an object if it exists. Only ever called on backup storage, never on a source namespace. */
    void delete(Location location);

    /**
     * Deletes these objects where they exist, like {@link #delete} on each (only ever called on backup storage).
     * Stores with a batch delete send one request per batch (S3 DeleteObjects: up to 1,000 keys); the others delete
     * one by one. A failure may leave some of them deleted and others not: calling it again finishes the job.
     */
    default void deleteAll(java.util.Collection<Location> locations) {
        locations.forEach(this::delete);
    }

    /**
     * Requests sent so far, by type, and retries. Stores that do not count return {@link StoreStats#empty()}.
     */
    default StoreStats stats() {
        return StoreStats.empty();
    }

    /**
     * Answers so far that asked the client to slow down (S3: 503 SlowDown, 429), whether the store retried them or
     * not; copies adapt their concurrency to it. Stores that cannot tell return 0.
     */
    default long throttledAnswers() {
        return 0;
    }

    /**
     * The most requests this store serves at once without waiting for a connection (its HTTP connection pool), or
     * {@link Integer#MAX_VALUE} when it has no such bound; copies to it never run more at once.
     */
    default int maxConcurrentRequests() {
        return Integer.MAX_VALUE;
    }

    @Override
    default void close() {
    }
}
