package org.lakefsbackup.core.store.azure.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.store.KeyOrder;

/**
 * Lists keys in {@link KeyOrder} (code point order) from a service that lists in UTF-16 code unit order, as Azure
 * Blob Storage does (and Azurite). The two orders differ only where one key has a supplementary character (a
 * surrogate pair, D800..DFFF) and another, at the same position after a common prefix, a character in
 * U+E000..U+FFFF: UTF-16 order puts the surrogate first, code point order last.
 *
 * <p>The listing stays lazy and its memory bounded by the key length: when it meets the first key with a surrogate
 * pair at position {@code i} (prefix {@code q}), it lists the keys {@code q + [U+E000..U+FFFF]...} first, then the
 * keys {@code q + <surrogate pair>...}, each the same way, then continues after every key starting with {@code q}.
 * Keys without such characters cost nothing extra; each such divergence costs up to three more listing calls.
 *
 * <p>A listing whose keys are not in UTF-16 order (an account with a hierarchical namespace lists path by path) is
 * refused with an error rather than returned in the wrong order. Not thread-safe, like any iterator.
 *
 * @param <T> the listed item
 */
public final class CodePointOrderListing<T> implements Iterator<T> {

    /** One lazy listing, in UTF-16 order, of the keys starting with {@code prefix} that are at least {@code from}. */
    @FunctionalInterface
    public interface Source<T> {
        Iterator<T> list(String prefix, String from);
    }

    private static final char MIN_LOW_BMP = '\uE000';
    private static final String MIN_SUPPLEMENTARY = "\uD800\uDC00";

    /** One listing call: keys starting with {@code prefix}, from {@code from}, until {@code stopAt} at the next position. */
    private final class Segment {
        final String prefix;
        final String from;
        final char stopAt;
        final int scanFrom;
        Iterator<T> items;
        String previous;

        Segment(String prefix, String from, char stopAt, int scanFrom) {
            this.prefix = prefix;
            this.from = from;
            this.stopAt = stopAt;
            this.scanFrom = scanFrom;
        }
    }

    private final Source<T> source;
    private final Function<T, String> keyOf;
    private final String after;
    private final String floor;
    private final Deque<Segment> segments = new ArrayDeque<>();
    private T next;

    /**
     * @param prefix the fixed key prefix of every listed key
     * @param after  list only keys after this one in code point order (it starts with {@code prefix}), or
     *               {@code null}
     */
    public CodePointOrderListing(Source<T> source, Function<T, String> keyOf, String prefix, String after) {
        this.source = source;
        this.keyOf = keyOf;
        this.after = after;
        // Every key after `after` in code point order is, in UTF-16 order, at least its part before the first
        // character at or above U+D800; listing from there and filtering is exact.
        this.floor = after == null ? prefix : after.substring(0, firstAtOrAbove(after, '\uD800'));
        segments.push(new Segment(prefix, prefix, '\0', prefix.length()));
    }

    @Override
    public boolean hasNext() {
        while (next == null && !segments.isEmpty()) {
            advance();
        }
        return next != null;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        T item = next;
        next = null;
        return item;
    }

    private void advance() {
        Segment s = segments.peek();
        if (s.items == null) {
            s.items = source.list(s.prefix, max(s.from, floor));
        }
        if (!s.items.hasNext()) {
            segments.pop();
            return;
        }
        T item = s.items.next();
        String key = keyOf.apply(item);
        if (s.previous != null && s.previous.compareTo(key) >= 0) {
            throw ErrorCode.INTERNAL.exception("the store listed '" + key + "' after '" + s.previous
                    + "', not in UTF-16 order; accounts with a hierarchical namespace (Data Lake Gen2) list path by "
                    + "path and are not supported");
        }
        s.previous = key;
        if (!key.startsWith(s.prefix)
                || s.stopAt != '\0' && key.length() > s.prefix.length() && key.charAt(s.prefix.length()) >= s.stopAt) {
            segments.pop();
            return;
        }
        int i = firstHighSurrogate(key, s.scanFrom);
        if (i < 0) {
            if (after == null || KeyOrder.compare(key, after) > 0) {
                next = item;
            }
            return;
        }
        // `key` is the first key of this segment with a surrogate pair right after q: every key starting with q
        // and a lower character at i was listed already, none with a higher one was.
        String q = key.substring(0, i);
        segments.pop();
        String beyond = successor(q);
        if (beyond != null && beyond.startsWith(s.prefix)) {
            segments.push(new Segment(s.prefix, beyond, s.stopAt, s.scanFrom));
        }
        segments.push(new Segment(q, q + MIN_SUPPLEMENTARY, MIN_LOW_BMP, i + 2));
        segments.push(new Segment(q, q + MIN_LOW_BMP, '\0', i + 1));
    }

    /**
     * The smallest well-formed string that sorts (UTF-16 order) after every string starting with {@code q}, or
     * {@code null} when there is none. Increments the last code point in UTF-16 order (U+D7FF, then the
     * supplementary planes, then U+E000..U+FFFF), dropping those that cannot be incremented.
     */
    static String successor(String q) {
        int end = q.length();
        while (end > 0) {
            int c = q.codePointBefore(end);
            int start = end - Character.charCount(c);
            int next = nextInUtf16Order(c);
            if (next >= 0) {
                return q.substring(0, start) + new String(Character.toChars(next));
            }
            end = start;
        }
        return null;
    }

    private static int nextInUtf16Order(int c) {
        if (c == 0xD7FF) {
            return 0x10000;
        }
        if (c == Character.MAX_CODE_POINT) {
            return 0xE000;
        }
        if (c == 0xFFFF) {
            return -1;
        }
        return c + 1;
    }

    private static int firstHighSurrogate(String key, int from) {
        for (int i = from; i < key.length(); i++) {
            if (Character.isHighSurrogate(key.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static int firstAtOrAbove(String key, char bound) {
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) >= bound) {
                return i;
            }
        }
        return key.length();
    }

    private static String max(String a, String b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
