package org.lakefsbackup.core.store;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Requests an object store has sent, by type, and how many of them were retries. Counts are cumulative from the
 * store's creation; take a snapshot before and after an operation and use {@link #minus} to see what it cost.
 *
 * @param requestsByType requests by type (for S3 the API operation: {@code ListObjectsV2}, {@code CopyObject},
 *                       {@code UploadPartCopy}...), every attempt counted, retries included
 * @param retries        attempts beyond the first of each request
 */
public record StoreStats(Map<String, Long> requestsByType, long retries) {
    private static final StoreStats EMPTY = new StoreStats(Map.of(), 0);

    public StoreStats {
        requestsByType = Map.copyOf(Objects.requireNonNull(requestsByType, "requestsByType"));
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative: " + retries);
        }
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

    /** What was sent since {@code earlier}, a snapshot of the same store. Types with no new requests are left out. */
    public StoreStats minus(StoreStats earlier) {
        Map<String, Long> diff = new TreeMap<>();
        requestsByType.forEach((type, n) -> {
            long d = n - earlier.requests(type);
            if (d != 0) {
                diff.put(type, d);
            }
        });
        return new StoreStats(diff, Math.max(0, retries - earlier.retries));
    }
}
