package org.lakefsbackup.core.store.s3;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.store.KeyOrder;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One listing of a key prefix in key order, fetched as several key ranges at once when it is longer than one page.
 *
 * <p>The first page is listed as a sequential listing would; when it is the whole listing nothing else is sent. When
 * more follows and the reader has taken the first page, delimiter listings find the sub-prefixes of the prefix, down to {@link #MAX_DEPTH} levels (a lakeFS
 * namespace holds {@code _lakefs/} and {@code data/<partition>/}), and up to {@code 4 × concurrency} ranges
 * {@code (lo, hi]} split at those sub-prefixes are each listed with {@code StartAfter = lo} until a key passes
 * {@code hi}. At most {@code concurrency} ranges are listed at once, each at most {@link #PAGES_AHEAD} pages ahead
 * of the reader, and their keys are returned range after range, so the keys come in the order one sequential
 * listing returns them and memory stays bounded whatever the number of keys. The cost is the discovery's delimiter
 * listings and at most one page per range more than a sequential listing sends (a range's last page may reach into
 * the next range).
 *
 * <p>Close it to stop the range listers; an error of any range is thrown to the reader when it reaches that range.
 */
final class RangedListing implements Iterator<S3Object>, AutoCloseable {
    /** How many levels of sub-prefixes are looked for below the listed prefix. */
    static final int MAX_DEPTH = 2;
    /** Pages a range lister may hold before the reader takes them. */
    static final int PAGES_AHEAD = 2;
    /** Delimiter pages read per prefix while discovering sub-prefixes. */
    private static final int MAX_DISCOVERY_PAGES = 20;
    private static final Object END = new Object();

    private final Function<ListObjectsV2Request, ListObjectsV2Response> pages;
    private final ExecutorService executor;
    private final String bucket;
    private final String keyPrefix;
    private final String startAfter;
    private final int pageSize;
    private final int concurrency;

    private Iterator<S3Object> page = Collections.emptyIterator();
    private boolean started;
    /** What follows a first page that was not the whole listing, until the reader gets to it. */
    private Rest rest;
    private List<Range> ranges = List.of();
    private int nextRange;
    private final Deque<RangeLister> running = new ArrayDeque<>();
    private volatile boolean closed;

    /**
     * @param pages      sends one ListObjectsV2 request (with the store's retries and error mapping)
     * @param keyPrefix  the full key prefix listed ({@code ""} for the whole bucket)
     * @param startAfter a full key, or {@code null}
     */
    RangedListing(Function<ListObjectsV2Request, ListObjectsV2Response> pages, ExecutorService executor,
                  String bucket, String keyPrefix, String startAfter, int pageSize, int concurrency) {
        this.pages = pages;
        this.executor = executor;
        this.bucket = bucket;
        this.keyPrefix = keyPrefix;
        this.startAfter = startAfter;
        this.pageSize = pageSize;
        this.concurrency = concurrency;
    }

    /** The keys after {@code after} (a full key, or {@code null}) are still to be listed. */
    private record Rest(String after) {
    }

    /** A key range {@code (lo, hi]} of the listed prefix; {@code hi == null} reaches to its end. */
    record Range(String lo, String hi) {
        boolean contains(String key) {
            return hi == null || KeyOrder.compare(key, hi) <= 0;
        }
    }

    @Override
    public boolean hasNext() {
        if (!started) {
            started = true;
            first();
        }
        while (!page.hasNext()) {
            if (rest != null) {
                startRanges(rest.after());
                rest = null;
            }
            if (running.isEmpty()) {
                return false;
            }
            List<S3Object> next = running.peekFirst().take();
            if (next == null) {
                running.removeFirst();
                submitNext();
            } else {
                page = next.iterator();
            }
        }
        return true;
    }

    @Override
    public S3Object next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return page.next();
    }

    @Override
    public void close() {
        closed = true;
        for (RangeLister lister : running) {
            lister.cancel();
        }
        running.clear();
    }

    /** The first page, then (when it is not all) the ranges of the rest. */
    private void first() {
        ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket).prefix(keyPrefix)
                .maxKeys(pageSize);
        if (startAfter != null) {
            request.startAfter(startAfter);
        }
        ListObjectsV2Response response = pages.apply(request.build());
        List<S3Object> contents = response.contents();
        page = contents.iterator();
        if (!Boolean.TRUE.equals(response.isTruncated())) {
            return;
        }
        rest = new Rest(contents.isEmpty() ? startAfter : contents.get(contents.size() - 1).key());
    }

    /** Lists what follows the first page: finds the ranges and starts listing the first ones. */
    private void startRanges(String after) {
        ranges = ranges(after, subPrefixes(after), 4 * concurrency);
        for (int i = 0; i < concurrency; i++) {
            submitNext();
        }
    }

    private void submitNext() {
        if (closed || nextRange >= ranges.size()) {
            return;
        }
        RangeLister lister = new RangeLister(ranges.get(nextRange++));
        running.addLast(lister);
        lister.future = executor.submit(lister);
    }

    /**
     * The ranges after {@code after}: split at up to {@code maxRanges - 1} of the {@code boundaries} (in key order)
     * that sort after it, evenly spaced.
     */
    static List<Range> ranges(String after, List<String> boundaries, int maxRanges) {
        List<String> later = boundaries.stream().filter(b -> after == null || KeyOrder.compare(b, after) > 0)
                .sorted(KeyOrder.COMPARATOR).distinct().toList();
        List<String> splits = new ArrayList<>();
        int wanted = Math.min(later.size(), maxRanges - 1);
        for (int i = 1; i <= wanted; i++) {
            String split = later.get((int) ((long) i * later.size() / (wanted + 1)));
            if (splits.isEmpty() || !splits.get(splits.size() - 1).equals(split)) {
                splits.add(split);
            }
        }
        List<Range> result = new ArrayList<>();
        String lo = after;
        for (String split : splits) {
            result.add(new Range(lo, split));
            lo = split;
        }
        result.add(new Range(lo, null));
        return result;
    }

    /**
     * The sub-prefixes of the listed prefix, level by level while a level has fewer than the ranges wanted and the
     * depth allows; prefixes whose keys all sort before {@code after} are not looked into.
     */
    private List<String> subPrefixes(String after) {
        List<String> level = List.of(keyPrefix);
        for (int depth = 0; depth < MAX_DEPTH && level.size() < 4 * concurrency; depth++) {
            List<String> below = new ArrayList<>();
            for (String prefix : level) {
                boolean listedAlready = after != null && KeyOrder.compare(prefix, after) < 0
                        && !after.startsWith(prefix);
                List<String> children = listedAlready ? List.of() : childrenOf(prefix);
                if (children.isEmpty()) {
                    if (!prefix.equals(keyPrefix)) {
                        below.add(prefix);
                    }
                } else {
                    below.addAll(children);
                }
            }
            if (below.equals(level)) {
                break;
            }
            level = below;
        }
        return level.equals(List.of(keyPrefix)) ? List.of() : level;
    }

    private List<String> childrenOf(String prefix) {
        List<String> children = new ArrayList<>();
        String token = null;
        for (int i = 0; i < MAX_DISCOVERY_PAGES; i++) {
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix)
                    .delimiter("/").maxKeys(1000);
            if (token != null) {
                request.continuationToken(token);
            }
            ListObjectsV2Response response = pages.apply(request.build());
            for (CommonPrefix p : response.commonPrefixes()) {
                children.add(p.prefix());
            }
            token = response.nextContinuationToken();
            if (!Boolean.TRUE.equals(response.isTruncated()) || token == null) {
                break;
            }
        }
        return children;
    }

    /** Lists one range into a small queue the reader takes pages from. */
    private final class RangeLister implements Runnable {
        private final Range range;
        private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(PAGES_AHEAD + 1);
        private volatile Future<?> future;

        RangeLister(Range range) {
            this.range = range;
        }

        @Override
        public void run() {
            try {
                String token = null;
                while (!closed) {
                    ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket)
                            .prefix(keyPrefix).maxKeys(pageSize);
                    if (token != null) {
                        request.continuationToken(token);
                    } else if (range.lo() != null) {
                        request.startAfter(range.lo());
                    }
                    ListObjectsV2Response response = pages.apply(request.build());
                    List<S3Object> contents = response.contents();
                    int inRange = contents.size();
                    while (inRange > 0 && !range.contains(contents.get(inRange - 1).key())) {
                        inRange--;
                    }
                    if (inRange > 0) {
                        offer(inRange == contents.size() ? contents : contents.subList(0, inRange));
                    }
                    token = response.nextContinuationToken();
                    if (inRange < contents.size() || !Boolean.TRUE.equals(response.isTruncated()) || token == null) {
                        break;
                    }
                }
                offer(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                try {
                    offer(e);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private void offer(Object item) throws InterruptedException {
            while (!closed) {
                if (queue.offer(item, 1, TimeUnit.SECONDS)) {
                    return;
                }
            }
        }

        /** The next page of this range, or {@code null} at its end; throws what listing it threw. */
        @SuppressWarnings("unchecked")
        List<S3Object> take() {
            try {
                while (true) {
                    Object item = queue.poll(1, TimeUnit.SECONDS);
                    if (item == END) {
                        return null;
                    } else if (item instanceof RuntimeException e) {
                        throw e;
                    } else if (item instanceof Error e) {
                        throw e;
                    } else if (item != null) {
                        return (List<S3Object>) item;
                    } else if (future != null && future.isDone() && queue.isEmpty()) {
                        throw ErrorCode.UNAVAILABLE.exception("listing keys after " + range.lo()
                                + " stopped without an answer");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ErrorCode.UNAVAILABLE.exception("interrupted while listing keys after " + range.lo());
            }
        }

        void cancel() {
            if (future != null) {
                future.cancel(true);
            }
        }
    }
}
