package org.lakefsbackup.testkit.lakefs;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.lakefsbackup.core.store.KeyOrder;

/**
 * lakeFS's pagination: results sorted by key, {@code after} exclusive, {@code amount} defaulting to 100 and capped
 * at 1000, optional {@code prefix} and {@code delimiter} (which folds keys into common prefixes).
 */
final class Listing {
    static final int DEFAULT_PER_PAGE = 100;
    static final int MAX_PER_PAGE = 1000;

    private Listing() {
    }

    /**
     * The page size for {@code amount}: lakeFS's OpenAPI validation refuses values above 1000 or below -1 (400);
     * -1, 0 and none mean the default.
     */
    static int amount(Integer requested) {
        if (requested != null && (requested > MAX_PER_PAGE || requested < -1)) {
            throw ApiError.badRequest("parameter \"amount\" in query has an error: number must be "
                    + (requested > MAX_PER_PAGE ? "at most " + MAX_PER_PAGE : "at least -1"));
        }
        if (requested == null || requested <= 0) {
            return DEFAULT_PER_PAGE;
        }
        return requested;
    }

    /** Pages items already sorted by key (no prefix, no delimiter). */
    static <T> Dto.PagedList<T> page(Iterable<T> sorted, Function<T, String> key, String after, Integer amount) {
        return page(sorted, key, null, after, null, amount, null);
    }

    /**
     * Pages items sorted by key.
     *
     * @param commonPrefix builds the result for a common prefix; needed only with a delimiter
     */
    static <T> Dto.PagedList<T> page(Iterable<T> sorted, Function<T, String> key, String prefix, String after,
            String delimiter, Integer amount, Function<String, T> commonPrefix) {
        int limit = amount(amount);
        String p = prefix == null ? "" : prefix;
        boolean folding = delimiter != null && !delimiter.isEmpty() && commonPrefix != null;
        List<T> out = new ArrayList<>();
        String lastKey = null;
        boolean more = false;
        for (T item : sorted) {
            String k = key.apply(item);
            T result = item;
            if (!k.startsWith(p)) {
                continue;
            }
            if (folding) {
                int d = k.indexOf(delimiter, p.length());
                if (d >= 0) {
                    k = k.substring(0, d + delimiter.length());
                    if (k.equals(lastKey)) {
                        continue;
                    }
                    result = commonPrefix.apply(k);
                }
            }
            if (after != null && !after.isEmpty() && KeyOrder.compare(k, after) <= 0) {
                continue;
            }
            if (out.size() == limit) {
                more = true;
                break;
            }
            out.add(result);
            lastKey = k;
        }
        String next = more ? lastKey : "";
        return new Dto.PagedList<>(new Dto.Pagination(more, next, out.size(), MAX_PER_PAGE), out);
    }
}
