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
 * One listing of a key prefix in key order, fetched as several parts at once when it is longer than one page.
 *
 * <p>The first page is listed as a sequential listing would; when it is the whole listing nothing else is sent. When
 * more follows and the reader has taken the first page, delimiter listings find the sub-prefixes of the prefix, down
 * to {@link #MAX_DEPTH} levels (a lakeFS namespace holds {@code _lakefs/} and {@code data/<partition>/}); a prefix is
 * looked into only while its level has fewer than {@code 4 × concurrency} prefixes and it holds at most
 * {@link #MAX_DIRECT_KEYS} keys of its own (those the delimiter listing returns). What follows the first page is then
 * a sequence of parts in key order: the keys those delimiter listings returned, and the prefixes not looked into,
 * each listed on its own ({@code Prefix = p}: a server walks only that prefix). At most {@code concurrency} prefixes
 * are listed at once, each at most {@link #PAGES_AHEAD} pages ahead of the reader, and their keys are returned
 * part after part, so the keys come in the order one sequential listing returns them and memory stays bounded
 * whatever the number of keys. The cost is the discovery's delimiter listings and, per prefix, its last page; many
 * prefixes holding few keys each cost about one request per prefix.
 *
 * <p>Close it to stop the listers; an error of any part is thrown to the reader when it reaches that part.
 */
final class RangedListing implements Iterator<S3Object>, AutoCloseable {
    /** How many levels of sub-prefixes are looked for below the listed prefix. */
    static final int MAX_DEPTH = 2;
    /** Pages a prefix lister may hold before the reader takes them. */
    static final int PAGES_AHEAD = 2;
    /** Keys of its own (not under a sub-prefix) a prefix may hold and still be looked into. */
    static final int MAX_DIRECT_KEYS = 100;
    /** Delimiter pages read per prefix while discovering sub-prefixes. */
    private static final int MAX_DISCOVERY_PAGES = 20;
    private static final Object END = new Object();
    /** How long a lister waits for the reader to take a page before it ends. */
    static final long READER_TIMEOUT_SECONDS = 600;

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
    /** The last key of the first page: the parts list what follows it. */
    private String partsAfter;
    private List<Part> parts = List.of();
    private int nextPart;
    private final Deque<PartLister> running = new ArrayDeque<>();
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

    /**
     * A part of what follows the first page: every key under {@code prefix} (listed with {@code Prefix}), or one key
     * a delimiter listing returned ({@code object}).
     */
    record Part(String prefix, S3Object object) {
        static Part prefix(String prefix) {
            return new Part(prefix, null);
        }

        static Part key(S3Object object) {
            return new Part(null, object);
        }

        /** Where it sorts: no key outside a prefix sorts between the prefix and the keys under it. */
        String position() {
            return prefix != null ? prefix : object.key();
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
                partsAfter = rest.after();
                rest = null;
                startParts(partsAfter);
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
        for (PartLister lister : running) {
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

    /** Lists what follows the first page: finds its parts and starts listing the first ones. */
    private void startParts(String after) {
        parts = parts(after, discover(after));
        for (int i = 0; i < concurrency; i++) {
            submitNext();
        }
    }

    private void submitNext() {
        if (closed || nextPart >= parts.size()) {
            return;
        }
        PartLister lister = new PartLister(parts.get(nextPart++), partsAfter);
        running.addLast(lister);
        if (lister.part.prefix() == null) {
            lister.ready();
        } else {
            lister.future = executor.submit(lister);
        }
    }

    /** The parts with keys after {@code after}, in key order. */
    static List<Part> parts(String after, List<Part> discovered) {
        return discovered.stream().filter(p -> after == null || (p.prefix() == null
                        ? KeyOrder.compare(p.object().key(), after) > 0
                        : KeyOrder.compare(p.prefix(), after) > 0 || after.startsWith(p.prefix())))
                .sorted(java.util.Comparator.comparing(Part::position, KeyOrder.COMPARATOR)).toList();
    }

    /**
     * The keys of the listed prefix's sub-prefixes that delimiter listings return, and the prefixes not looked into,
     * level by level while a level has fewer than {@code 4 × concurrency} prefixes and the depth allows; prefixes
     * whose keys all sort before {@code after} are left out.
     */
    private List<Part> discover(String after) {
        List<Part> found = new ArrayList<>();
        List<String> level = List.of(keyPrefix);
        for (int depth = 0; depth < MAX_DEPTH && level.size() < 4 * concurrency; depth++) {
            List<String> below = new ArrayList<>();
            for (String prefix : level) {
                if (after != null && KeyOrder.compare(prefix, after) < 0 && !after.startsWith(prefix)) {
                    continue; // every key under it was listed already
                }
                Children children = childrenOf(prefix);
                if (children == null) {
                    found.add(Part.prefix(prefix));
                } else {
                    children.keys().forEach(k -> found.add(Part.key(k)));
                    below.addAll(children.prefixes());
                }
            }
            level = below;
        }
        level.forEach(p -> found.add(Part.prefix(p)));
        return found;
    }

    /** What a delimiter listing of a prefix returned: its sub-prefixes and its own keys. */
    private record Children(List<String> prefixes, List<S3Object> keys) {
    }

    /**
     * The delimiter listing of a prefix, or {@code null} when it is not worth looking into: it holds more than
     * {@link #MAX_DIRECT_KEYS} keys of its own, or more sub-prefixes than {@link #MAX_DISCOVERY_PAGES} pages return.
     */
    private Children childrenOf(String prefix) {
        List<String> prefixes = new ArrayList<>();
        List<S3Object> keys = new ArrayList<>();
        String token = null;
        for (int i = 0; i < MAX_DISCOVERY_PAGES; i++) {
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix)
                    .delimiter("/").maxKeys(1000);
            if (token != null) {
                request.continuationToken(token);
            }
            ListObjectsV2Response response = pages.apply(request.build());
            for (CommonPrefix p : response.commonPrefixes()) {
                prefixes.add(p.prefix());
            }
            keys.addAll(response.contents());
            if (keys.size() > MAX_DIRECT_KEYS) {
                return null;
            }
            token = response.nextContinuationToken();
            if (!Boolean.TRUE.equals(response.isTruncated()) || token == null) {
                return new Children(prefixes, keys);
            }
        }
        return null;
    }

    /** Lists one part into a small queue the reader takes pages from. */
    private final class PartLister implements Runnable {
        private final Part part;
        private final String after;
        private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(PAGES_AHEAD + 1);
        private volatile Future<?> future;

        PartLister(Part part, String after) {
            this.part = part;
            this.after = after;
        }

        /** A part of one known key: nothing to list. */
        void ready() {
            queue.add(List.of(part.object()));
            queue.add(END);
        }

        @Override
        public void run() {
            try {
                String token = null;
                while (!closed) {
                    ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket)
                            .prefix(part.prefix()).maxKeys(pageSize);
                    if (token != null) {
                        request.continuationToken(token);
                    } else if (after != null && after.startsWith(part.prefix())) {
                        request.startAfter(after);
                    }
                    ListObjectsV2Response response = pages.apply(request.build());
                    if (!response.contents().isEmpty()) {
                        offer(response.contents());
                    }
                    token = response.nextContinuationToken();
                    if (!Boolean.TRUE.equals(response.isTruncated()) || token == null) {
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

        /**
         * Queues a page, waiting while the reader has not taken the earlier ones; gives up (and the lister ends) when
         * the listing is closed or the reader took nothing for {@link #READER_TIMEOUT_SECONDS} (a stream left
         * unclosed: the reader then finds this part ended without an answer).
         */
        private void offer(Object item) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READER_TIMEOUT_SECONDS);
            while (!closed && System.nanoTime() < deadline) {
                if (queue.offer(item, 1, TimeUnit.SECONDS)) {
                    return;
                }
            }
            throw new InterruptedException("the reader took nothing for " + READER_TIMEOUT_SECONDS + " s");
        }

        /** The next page of this part, or {@code null} at its end; throws what listing it threw. */
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
                        throw ErrorCode.UNAVAILABLE.exception("listing " + part.position() + " stopped without an "
                                + "answer");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ErrorCode.UNAVAILABLE.exception("interrupted while listing " + part.position());
            }
        }

        void cancel() {
            if (future != null) {
                future.cancel(true);
            }
        }
    }
}
