package org.lakefsbackup.tools.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongPredicate;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.InventoryEntry;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.model.Manifest;
import org.lakefsbackup.core.prune.LiveSet;
import org.lakefsbackup.core.prune.PruneCheckpoint;
import org.lakefsbackup.core.prune.PrunePlanner;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.testkit.store.ForwardingObjectStore;

/**
 * Times {@link PrunePlanner#plan} (what the prune plan step runs) over K synthetic backed-up objects and two kept
 * generations whose inventories are generated chunk by chunk as the planner opens them: generation one references
 * the keys whose index ends in 1 to 5, generation two those ending in 4 to 9, so their union (with overlap) is 90%
 * of the keys and every tenth key is a candidate. No S3, no lakeFS: the listing of {@code objects/} is a
 * {@link SyntheticListing} ({@link SyntheticStore}), inventory chunks are gzipped JSON lines built on open, candidate
 * chunks are counted and dropped. One invocation plans everything (no budget), timed, then again with full collections at evenly spaced
 * points of the listing to measure the live heap mid-plan.
 */
public final class PruneBench {
    /** Inventory entries per synthetic chunk, as a backup writes them. */
    static final int INVENTORY_CHUNK = 100_000;

    private static final BackupLayout LAYOUT =
            new BackupLayout(Location.parse("s3://" + SyntheticStore.BUCKET + "/backup"), "bench-repo");
    private static final List<LongPredicate> GENERATIONS = List.of(i -> i % 10 >= 1 && i % 10 <= 5,
            i -> i % 10 >= 4);

    private final int chunkSize;
    private final int probes;

    /**
     * @param chunkSize candidates per candidate chunk
     * @param probes    full collections mid-plan in the measuring run
     */
    public PruneBench(int chunkSize, int probes) {
        this.chunkSize = chunkSize;
        this.probes = probes;
    }

    /**
     * One prune plan.
     *
     * @param keys               backed-up objects listed
     * @param inventoryLines     lines of the two kept generations' inventories read
     * @param candidates         objects no kept generation references
     * @param candidateBytes     their bytes
     * @param millis             wall time of the timed plan (generating the inventories' gzip included)
     * @param keysPerSecond      keys / time
     * @param peakHeapBytes      sum of the heap pools' peaks during the timed plan (garbage included)
     * @param maxLiveGrowthBytes the largest growth of the live heap over the baseline at the probes mid-plan
     * @param probes             full collections made mid-plan to measure it
     * @param requests           store requests by type
     */
    public record Result(long keys, long inventoryLines, long candidates, long candidateBytes, long millis,
                         long keysPerSecond, long peakHeapBytes, long maxLiveGrowthBytes, int probes,
                         Map<String, Long> requests) {
    }

    public Result run(long keys) {
        Store timed = new Store(keys, 0, () -> {
        });
        HeapMeter.live();
        HeapMeter.resetPeaks();
        long t0 = System.nanoTime();
        PruneCheckpoint plan = plan(timed, keys);
        long nanos = System.nanoTime() - t0;
        long peak = HeapMeter.peak();
        check(plan, keys);

        AtomicLong maxLive = new AtomicLong(Long.MIN_VALUE);
        long every = Math.max(1, keys / Math.max(1, probes));
        Store probed = new Store(keys, every, () -> maxLive.accumulateAndGet(HeapMeter.live(), Math::max));
        long baseline = HeapMeter.live();
        check(plan(probed, keys), keys);

        return new Result(keys, timed.inventoryLines.sum(), plan.candidates(), plan.candidateBytes(),
                Math.max(1, nanos / 1_000_000), keys * 1_000_000_000L / Math.max(1, nanos), peak,
                maxLive.get() == Long.MIN_VALUE ? 0 : maxLive.get() - baseline, (int) (keys / every),
                timed.requests());
    }

    private PruneCheckpoint plan(Store store, long keys) {
        List<LiveSet.Source> kept = new ArrayList<>();
        int chunks = (int) ((keys + INVENTORY_CHUNK - 1) / INVENTORY_CHUNK);
        for (int g = 0; g < GENERATIONS.size(); g++) {
            kept.add(new LiveSet.Source("g" + g, new Manifest.InventoryRef("generations/g" + g + "/inventory", chunks,
                    0, 0), 0));
        }
        PrunePlanner.Progress p = new PrunePlanner(Storage.of(store), chunkSize).plan(LAYOUT, kept,
                PruneCheckpoint.start(), Long.MAX_VALUE, LAYOUT.run("bench").resolve("prune"));
        if (!p.done()) {
            throw new IllegalStateException("a plan without budget stopped");
        }
        return p.checkpoint();
    }

    private static void check(PruneCheckpoint plan, long keys) {
        long expected = (keys + 9) / 10;
        if (plan.listed() != keys || plan.candidates() != expected || plan.missing() != 0) {
            throw new IllegalStateException("the prune planner listed " + plan.listed() + " objects and found "
                    + plan.candidates() + " candidates (" + plan.missing() + " missing); expected " + keys + " and "
                    + expected);
        }
    }

    /**
     * The backup as the planner sees it: a {@link SyntheticStore} whose {@code objects/} lists K synthetic keys (and
     * whose other prefixes, {@code mutable/} included, list empty; writes are counted and dropped), plus the kept
     * generations' inventories: chunk {@code c} of a generation holds the entries of indexes
     * {@code [c * 100,000, (c + 1) * 100,000)} its predicate keeps, gzipped on open.
     */
    private static final class Store extends ForwardingObjectStore {
        private final long keys;
        private final SyntheticStore synthetic;
        final LongAdder inventoryLines = new LongAdder();
        final LongAdder inventoryChunks = new LongAdder();

        Store(long keys, long probeEvery, Runnable probe) {
            this(keys, new SyntheticStore(LAYOUT.objects(), new SyntheticListing(keys, 1), LAYOUT.mutable(),
                    new SyntheticListing(0, 1), probeEvery, probe));
        }

        private Store(long keys, SyntheticStore synthetic) {
            super(synthetic);
            this.keys = keys;
            this.synthetic = synthetic;
        }

        @Override
        public InputStream open(Location location) {
            String key = location.key();
            String root = LAYOUT.repositoryRoot().key() + "/generations/g";
            if (!key.startsWith(root) || !key.endsWith(".jsonl.gz")) {
                return super.open(location);
            }
            inventoryChunks.increment();
            int g = Integer.parseInt(key.substring(root.length(), key.indexOf('/', root.length())));
            int chunk = Integer.parseInt(key.substring(key.lastIndexOf("part-") + 5, key.length() - 9));
            return new ByteArrayInputStream(chunk(GENERATIONS.get(g), chunk));
        }

        private byte[] chunk(LongPredicate references, int chunk) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (OutputStream gz = new GZIPOutputStream(bytes, 64 * 1024) {
                {
                    def.setLevel(Deflater.BEST_SPEED);
                }
            }) {
                long end = Math.min(keys, (long) (chunk + 1) * INVENTORY_CHUNK);
                for (long i = (long) chunk * INVENTORY_CHUNK; i < end; i++) {
                    if (references.test(i)) {
                        String k = SyntheticListing.key(i);
                        InventoryEntry e = new InventoryEntry(k, SyntheticListing.size(i), SyntheticListing.etag(i),
                                BackupLayout.objectKey(k));
                        gz.write(Json.mapper().writeValueAsBytes(e));
                        gz.write('\n');
                        inventoryLines.increment();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        /** The synthetic store's requests, and the inventory chunks opened as {@code Open}. */
        Map<String, Long> requests() {
            Map<String, Long> out = new java.util.TreeMap<>(synthetic.stats().requestsByType());
            out.put("Open", inventoryChunks.sum());
            return out;
        }
    }
}
