package org.lakefsbackup.tools.bench;

import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.lakefsbackup.core.store.KeyOrder;
import org.lakefsbackup.core.store.ObjectInfo;

/**
 * A sorted listing of synthetic namespace keys, generated as it is consumed: nothing is stored, so a listing of a
 * million (or a billion) keys costs the same memory as one of ten. Key {@code i} is
 * {@code data/<i / 1000, 7 digits>/<i, 10 digits>}: fixed-width decimal ASCII, so index order, {@link String} order
 * and {@link org.lakefsbackup.core.store.KeyOrder} agree. Sizes and (MD5-shaped) ETags are derived from the index, so
 * two listings agree on every key they share.
 *
 * <p>{@code stride} 2 lists every other key (indexes 0, 2, 4...): a backup holding half the namespace. Immutable;
 * each {@link #stream} has its own cursor.
 */
public final class SyntheticListing {
    /** Keys per {@code data/<partition>/} prefix. */
    public static final long KEYS_PER_PARTITION = 1000;
    /** The largest key count the fixed-width format holds. */
    public static final long MAX_KEYS = 10_000_000_000L;

    private final long count;
    private final int stride;
    private final AtomicLong emitted = new AtomicLong();

    /**
     * @param count  keys of the full listing (indexes {@code 0..count-1})
     * @param stride 1 for every key, n for every n-th key
     */
    public SyntheticListing(long count, int stride) {
        if (count < 0 || count > MAX_KEYS) {
            throw new IllegalArgumentException("count must be between 0 and " + MAX_KEYS + ": " + count);
        }
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be positive: " + stride);
        }
        this.count = count;
        this.stride = stride;
    }

    /** Keys this listing holds. */
    public long size() {
        return (count + stride - 1) / stride;
    }

    /** Objects handed out so far by every stream of this listing. */
    public long emitted() {
        return emitted.get();
    }

    /** The key of index {@code i}. */
    public static String key(long i) {
        StringBuilder b = new StringBuilder(23).append("data/");
        pad(b, i / KEYS_PER_PARTITION, 7);
        b.append('/');
        pad(b, i, 10);
        return b.toString();
    }

    /** Size of object {@code i}: 512 to 1535 bytes. */
    public static long size(long i) {
        return 512 + Math.floorMod(mix(i), 1024);
    }

    /** ETag of object {@code i}: 32 hex digits, like a single-part MD5 ETag. */
    public static String etag(long i) {
        return String.format(Locale.ROOT, "%016x%016x", mix(i), mix(~i));
    }

    public static ObjectInfo object(long i) {
        return new ObjectInfo(key(i), size(i), etag(i), null, null);
    }

    /** The objects whose keys sort after {@code startAfter} ({@code null} or empty: all), in key order. */
    public Stream<ObjectInfo> stream(String startAfter) {
        long first = startAfter == null || startAfter.isEmpty() ? 0 : firstAfter(startAfter);
        Iterator<ObjectInfo> it = new Iterator<>() {
            private long position = first;

            @Override
            public boolean hasNext() {
                return position < size();
            }

            @Override
            public ObjectInfo next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                emitted.incrementAndGet();
                return object(position++ * stride);
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it,
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT), false);
    }

    /** The first position (in this listing's own numbering) whose key sorts after {@code startAfter}. */
    private long firstAfter(String startAfter) {
        long lo = 0;
        long hi = size();
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (KeyOrder.compare(key(mid * stride), startAfter) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static void pad(StringBuilder b, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            b.append('0');
        }
        b.append(digits);
    }

    /** SplitMix64's finaliser: a cheap, well-spread function of the index. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
