package org.lakefsbackup.core.store;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Requests an object store has sent, by type, and how many of them were retries. Counts are cumulative from the
 * store's creation; take a snapshot before and after an operation and use {@link #minus} to see what it cost.
 *
 * <p>A request the client sent again (after a 5xx, throttling or a dropped connection) counts once per attempt in
 * {@link #requestsByType} and once per attempt beyond the first in {@link #retriesByType}; {@link #callsByType} counts
 * it once, as the code made it. Exact counts of what the code asks for (the request budgets of issue 8) compare
 * calls: a transport retry is the client's, and it happens on a busy machine even against a local server.
 *
 * @param requestsByType requests by type (for S3 the API operation: {@code ListObjectsV2}, {@code CopyObject},
 *                       {@code UploadPartCopy}...), every attempt counted, retries included
 * @param retriesByType  attempts beyond the first of each request, by the same types (types with none left out)
 */
public record StoreStats(Map<String, Long> requestsByType, Map<String, Long> retriesByType) {
    private static final StoreStats EMPTY = new StoreStats(Map.of(), Map.of());

    public StoreStats {
        requestsByType = Map.copyOf(Objects.requireNonNull(requestsByType, "requestsByType"));
        retriesByType = Map.copyOf(Objects.requireNonNull(retriesByType, "retriesByType"));
        for (var counts : java.util.List.of(requestsByType, retriesByType)) {
            counts.forEach((type, n) -> {
                if (n < 0) {
                    throw new IllegalArgumentException("counts must not be negative: " + type + " " + n);
                }
            });
        }
    }

    /** Requests of a store that never sends one again (each attempt is a call). */
    public StoreStats(Map<String, Long> requestsByType) {
        this(requestsByType, Map.of());
    }

    /** No requests. */
    public static StoreStats empty() {
        return EMPTY;
    }

    /** Requests of one type, 0 if none. */
    public long requests(String type) {
        return requestsByType.getOrDefault(type, 0L);
    }

    /** Requests of every type. */
    public long totalRequests() {
        return requestsByType.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Attempts beyond the first, of every type. */
    public long retries() {
        return retriesByType.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Requests by type, each counted once however many attempts it took (types with none left out). */
    public Map<String, Long> callsByType() {
        return difference(requestsByType, retriesByType);
    }

    /** What was sent since {@code earlier}, a snapshot of the same store. Types with no new requests are left out. */
    public StoreStats minus(StoreStats earlier) {
        return new StoreStats(difference(requestsByType, earlier.requestsByType),
                difference(retriesByType, earlier.retriesByType));
    }

    /** The two stores' requests together (several stores of one {@link Storage}). */
    public StoreStats plus(StoreStats other) {
        return new StoreStats(sum(requestsByType, other.requestsByType), sum(retriesByType, other.retriesByType));
    }

    private static Map<String, Long> sum(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> sum = new TreeMap<>(a);
        b.forEach((type, n) -> sum.merge(type, n, Long::sum));
        return sum;
    }

    /** {@code from} less {@code less}, type by type; types left with none are left out. */
    private static Map<String, Long> difference(Map<String, Long> from, Map<String, Long> less) {
        Map<String, Long> diff = new TreeMap<>();
        from.forEach((type, n) -> {
            long d = n - less.getOrDefault(type, 0L);
            if (d > 0) {
                diff.put(type, d);
            }
        });
        return diff;
    }
}
