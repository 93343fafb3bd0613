package org.lakefsbackup.core.lakefs;

import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.lakefsbackup.core.error.ErrorCode;

/**
 * A lazily paged lakeFS listing: the first page is fetched when the first element is requested, the next one when the
 * previous is used up ({@code after = pagination.next_offset} while {@code has_more}).
 */
final class PagedStream {

    /** One page of results. */
    record Page<T>(List<T> items, boolean hasMore, String nextOffset) {
        Page {
            items = items == null ? List.of() : items;
            nextOffset = nextOffset == null ? "" : nextOffset;
        }
    }

    private PagedStream() {
    }

    /**
     * @param what  the listing, for error messages
     * @param fetch fetches the page after an offset ({@code null} for the first page)
     */
    static <T> Stream<T> of(String what, Function<String, Page<T>> fetch) {
        return StreamSupport.stream(new PageSpliterator<>(what, fetch), false);
    }

    private static final class PageSpliterator<T> extends Spliterators.AbstractSpliterator<T> {
        private final String what;
        private final Function<String, Page<T>> fetch;
        private Iterator<T> current = null;
        private String nextOffset = null;
        private boolean hasMore = true;

        PageSpliterator(String what, Function<String, Page<T>> fetch) {
            super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
            this.what = what;
            this.fetch = Objects.requireNonNull(fetch, "fetch");
        }

        @Override
        public boolean tryAdvance(Consumer<? super T> action) {
            while (current == null || !current.hasNext()) {
                if (!hasMore) {
                    return false;
                }
                fetchNext();
            }
            action.accept(current.next());
            return true;
        }

        private void fetchNext() {
            String after = nextOffset;
            Page<T> page = fetch.apply(after);
            if (page.hasMore() && (page.nextOffset().isEmpty() || page.nextOffset().equals(after))) {
                throw ErrorCode.INTERNAL.exception("lakeFS paged " + what + " with has_more but next_offset '"
                        + page.nextOffset() + "' does not advance");
            }
            current = page.items().iterator();
            hasMore = page.hasMore();
            nextOffset = page.nextOffset();
        }
    }
}
