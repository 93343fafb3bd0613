package org.lakefsbackup.tools.bench;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.lakefsbackup.core.copy.CopyPlan;
import org.lakefsbackup.core.copy.CopyPlanner;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.step.Settings;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.Storage;

/**
 * Times {@link CopyPlanner#planBackup} alone over a {@link SyntheticStore}: no S3, no lakeFS, only the sorted merge
 * of the namespace listing against the backup's, and the JSON and gzip of the plan and inventory chunks. Runs each
 * plan twice: once timed, once with a full collection at evenly spaced points of the listing to measure the heap
 * actually retained mid-plan.
 */
public final class PlannerBench {
    /** What the backup already holds when the plan starts. */
    public enum Held {
        /** Nothing: a first backup; every key is planned for copy. */
        EMPTY,
        /** Every other key, with the same size and ETag: half are planned. */
        HALF;

        SyntheticListing listing(long keys) {
            return this == EMPTY ? new SyntheticListing(0, 1) : new SyntheticListing(keys, 2);
        }
    }

    /**
     * One plan.
     *
     * @param keys               namespace objects listed
     * @param held               what the backup held
     * @param copyObjects        objects planned for copy
     * @param planChunks         copy-plan chunks written ({@link Settings#copyChunkSize()} objects each)
     * @param inventoryChunks    inventory chunks written ({@link Settings#inventoryChunkSize()} entries each)
     * @param writtenBytes       gzipped bytes of those chunks
     * @param millis             wall time of the timed plan
     * @param keysPerSecond      keys / time
     * @param baselineLiveBytes  heap in use after a full collection before the plan
     * @param peakHeapBytes      sum of the heap pools' peaks during the timed plan (garbage included)
     * @param maxLiveGrowthBytes the largest growth of the live heap over the baseline at the probes mid-plan
     * @param probes             full collections made mid-plan to measure it
     * @param retainedBytes      live heap after the plan minus the baseline (the plan result is still referenced)
     * @param requests           store requests by type
     */
    public record Result(long keys, Held held, long copyObjects, int planChunks, int inventoryChunks, long writtenBytes,
                         long millis, long keysPerSecond, long baselineLiveBytes, long peakHeapBytes,
                         long maxLiveGrowthBytes, int probes, long retainedBytes, Map<String, Long> requests) {
    }

    private static final Location NAMESPACE = Location.parse("s3://" + SyntheticStore.BUCKET + "/namespace");
    private static final BackupLayout LAYOUT =
            new BackupLayout(Location.parse("s3://" + SyntheticStore.BUCKET + "/backup"), "bench-repo");

    private final Settings settings;
    private final int probes;

    /**
     * @param settings chunk sizes of the plan and the inventory
     * @param probes   full collections mid-plan in the measuring run (evenly spaced over the listing)
     */
    public PlannerBench(Settings settings, int probes) {
        this.settings = settings;
        this.probes = probes;
    }

    public Result run(long keys, Held held) {
        // The timed run: no probes.
        SyntheticStore store = new SyntheticStore(NAMESPACE, new SyntheticListing(keys, 1), LAYOUT.objects(),
                held.listing(keys));
        long baseline = HeapMeter.live();
        HeapMeter.resetPeaks();
        long t0 = System.nanoTime();
        CopyPlan plan = plan(store);
        long nanos = System.nanoTime() - t0;
        long peak = HeapMeter.peak();
        long retained = HeapMeter.live() - baseline;
        check(plan, keys, held);

        // The measuring run: a full collection every keys/probes listed objects.
        AtomicLong maxLive = new AtomicLong(Long.MIN_VALUE);
        long every = Math.max(1, keys / Math.max(1, probes));
        SyntheticStore probed = new SyntheticStore(NAMESPACE, new SyntheticListing(keys, 1), LAYOUT.objects(),
                held.listing(keys), every, () -> maxLive.accumulateAndGet(HeapMeter.live(), Math::max));
        long probedBaseline = HeapMeter.live();
        check(plan(probed), keys, held);

        long millis = Math.max(1, nanos / 1_000_000);
        return new Result(keys, held, plan.copyObjects(), plan.chunks(), plan.inventoryChunks(), store.writtenBytes(),
                millis, keys * 1_000_000_000L / Math.max(1, nanos), baseline, peak,
                maxLive.get() == Long.MIN_VALUE ? 0 : maxLive.get() - probedBaseline,
                (int) (keys / every), retained, store.stats().requestsByType());
    }

    private CopyPlan plan(SyntheticStore store) {
        GenerationId generation = GenerationId.create(Instant.now());
        CopyPlanner planner = new CopyPlanner(Storage.of(store), settings.copyChunkSize(),
                settings.inventoryChunkSize());
        return planner.planBackup(NAMESPACE, LAYOUT, BackupLayout.inventoryPrefix(generation),
                LAYOUT.run(generation.value()).resolve("plan"), settings::isMutable);
    }

    private static void check(CopyPlan plan, long keys, Held held) {
        long expected = held == Held.EMPTY ? keys : keys / 2;
        if (plan.totalObjects() != keys || plan.copyObjects() != expected) {
            throw new IllegalStateException("the planner saw " + plan.totalObjects() + " keys and planned "
                    + plan.copyObjects() + " copies; expected " + keys + " and " + expected);
        }
    }
}
