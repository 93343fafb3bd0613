package org.lakefsbackup.core.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.lakefsbackup.core.error.ErrorCode;

/**
 * Routes locations to the object store that serves them and copies between stores: server-side when source and
 * target are served by the same store; service to service when the target copies from URLs the source store signs
 * (S3 to Azure Blob: Azure reads presigned S3 URLs); streamed with bounded memory otherwise (e.g. {@code local://}
 * to {@code s3://}, Azure Blob to S3), the only case where object bytes pass through the process. Thread-safe.
 */
public final class Storage implements AutoCloseable {
    private final List<Slot> slots;

    public Storage(List<ObjectStore> stores) {
        this(stores.stream().map(Slot::of).toArray(Slot[]::new));
    }

    private Storage(Slot... slots) {
        if (slots.length == 0) {
            throw new IllegalArgumentException("at least one object store is required");
        }
        this.slots = List.of(slots);
    }

    public static Storage of(ObjectStore... stores) {
        return new Storage(List.of(stores));
    }

    /**
     * Stores built on first use of one of their schemes, so a run builds only the clients its locations need (an
     * S3 client needs a region only when an {@code s3://} location is used). A factory that fails fails the call
     * that needed its store, and is tried again on the next one.
     */
    public static Storage onFirstUse(StoreFactory... factories) {
        return new Storage(java.util.Arrays.stream(factories).map(Slot::new).toArray(Slot[]::new));
    }

    /** Builds the store for {@code schemes}; see {@link #onFirstUse}. */
    public record StoreFactory(java.util.Set<Location.Scheme> schemes,
                               java.util.function.Supplier<? extends ObjectStore> build) {
        public StoreFactory {
            schemes = java.util.Set.copyOf(schemes);
            java.util.Objects.requireNonNull(build, "build");
        }
    }

    /** The store serving this location. */
    public ObjectStore storeFor(Location location) {
        for (Slot slot : slots) {
            if (slot.claims(location)) {
                ObjectStore store = slot.store();
                if (store.supports(location)) {
                    return store;
                }
            }
        }
        throw ErrorCode.INVALID_INPUT.exception("no object store is configured for " + location.scheme().prefix()
                + ":// locations (" + location + ")");
    }

    /** Whether a copy from source to target stays server-side. */
    public boolean serverSide(Location source, Location target) {
        return storeFor(source) == storeFor(target);
    }

    /**
     * Copies one object, server-side where possible. Between two kinds of store the bytes are streamed with bounded
     * memory and their checksum of the requested algorithm (SHA-256 when none is requested) is computed on the way;
     * the result then carries that checksum and no ETag.
     */
    public CopyResult copy(CopyRequest request) {
        ObjectStore from = storeFor(request.source());
        ObjectStore to = storeFor(request.target());
        if (from == to) {
            return to.copy(request);
        }
        Location source = request.source();
        ObjectInfo headed = request.expectedSize() >= 0 ? null : from.head(source).orElseThrow(() ->
                ErrorCode.NOT_FOUND.exception("copy source " + source + " does not exist"));
        long size = headed == null ? request.expectedSize() : headed.size();
        if (to instanceof CopiesFromUrl urlCopies && urlCopies.copiesFromUrls() && from instanceof ReadableByUrl signer) {
            return urlCopies.copyFromUrl(signer.readUrl(source, urlCopies.sourceUrlValidity()), source.toString(),
                    size, headed == null ? null : headed.etag(), request.target());
        }
        ChecksumAlgorithm algorithm = request.checksumAlgorithm() != null ? request.checksumAlgorithm()
                : ChecksumAlgorithm.SHA256;
        ChecksumCalculator checksum = algorithm.calculator();
        try (InputStream in = new ChecksummingInputStream(from.open(source), checksum)) {
            to.upload(request.target(), in, size);
        } catch (IOException e) {
            throw ErrorCode.UNAVAILABLE.exception("streaming " + request.source() + " to " + request.target()
                    + " failed: " + e.getMessage(), e);
        }
        return new CopyResult(null, checksum.finish(), false);
    }

    /** Requests sent by every store so far, summed by type, with their retries. */
    public StoreStats stats() {
        StoreStats all = StoreStats.empty();
        for (ObjectStore store : built()) {
            all = all.plus(store.stats());
        }
        return all;
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (ObjectStore store : built()) {
            try {
                store.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private List<ObjectStore> built() {
        return slots.stream().map(Slot::built).filter(java.util.Objects::nonNull).toList();
    }

    /** A store given, or built on first use of one of its schemes. */
    private static final class Slot {
        private final StoreFactory factory;
        private ObjectStore store;

        Slot(StoreFactory factory) {
            this.factory = factory;
        }

        static Slot of(ObjectStore store) {
            Slot slot = new Slot(null);
            slot.store = store;
            return slot;
        }

        boolean claims(Location location) {
            return factory == null ? store.supports(location) : factory.schemes().contains(location.scheme());
        }

        synchronized ObjectStore store() {
            if (store == null) {
                store = java.util.Objects.requireNonNull(factory.build().get(), "store factory returned null");
            }
            return store;
        }

        synchronized ObjectStore built() {
            return store;
        }
    }
}
