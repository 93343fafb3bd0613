package org.lakefsbackup.core.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.model.CopyItem;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.core.store.s3.S3ObjectStore;
import org.lakefsbackup.testkit.fault.FaultInjectingProxy;
import org.lakefsbackup.testkit.fault.FaultRule;
import org.lakefsbackup.testkit.s3.EmbeddedS3;

/**
 * The copier's concurrency on S3Proxy behind the fault proxy: 503 SlowDown answers make it shrink, their end makes it
 * grow again, never beyond its maximum. Asserts directions, never speeds.
 */
class AdaptiveCopyConcurrencyTest {
    private static final Location SOURCE = Location.parse("s3://adaptive-src/ns");
    private static final Location TARGET = Location.parse("s3://adaptive-dst/backup");

    private static EmbeddedS3 s3;
    private static FaultInjectingProxy proxy;
    private static S3ObjectStore store;

    @BeforeAll
    static void start() {
        s3 = EmbeddedS3.start();
        s3.createBucket("adaptive-src");
        s3.createBucket("adaptive-dst");
        proxy = FaultInjectingProxy.start(s3.endpoint(), FaultInjectingProxy.Mode.S3, 11);
        store = new S3ObjectStore(s3.storeConfig(proxy.endpoint()).retryBaseDelay(Duration.ofMillis(5))
                .throttlingRetryBaseDelay(Duration.ofMillis(5)).maxRetryDelay(Duration.ofMillis(50)).build());
        IntStream.range(0, 400).parallel().forEach(i -> store.put(SOURCE.resolve(key(i)), new byte[] {(byte) i}));
    }

    @AfterAll
    static void stop() {
        store.close();
        proxy.close();
        s3.close();
    }

    private static String key(int i) {
        return String.format("data/g%02d/c%04d", i / 100, i);
    }

    private static List<CopyItem> items(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> new CopyItem(key(i), "objects/" + key(i), 1, null, null))
                .toList();
    }

    @Test
    void shrinksWhileThrottledAndGrowsAgainAfterwards() {
        Copiers copiers = new Copiers();
        Storage storage = Storage.of(store);
        ChunkCopier copier = copiers.copier(storage, 8, 10);
        proxy.rules(FaultRule.slowDown(0.5).onlyMethods("PUT"));
        CopySummary throttled = copier.copy(SOURCE, TARGET, items(0, 100), ProgressListener.NONE);
        proxy.clearRules();
        int afterThrottling = copier.limitFor(store).limit();

        assertThat(throttled.failed()).isZero();
        assertThat(copier.limitFor(store).range()[0]).as("lowest level while throttled").isLessThan(8);
        assertThat(afterThrottling).isLessThan(8);

        // the next copy step of this process gets the same copier, at the level the first one left
        ChunkCopier next = copiers.copier(storage, 8, 10);
        assertThat(next).isSameAs(copier);
        assertThat(next.limitFor(store).limit()).isEqualTo(afterThrottling);
        CopySummary recovered = next.copy(SOURCE, TARGET, items(100, 400), ProgressListener.NONE);
        assertThat(recovered.failed()).isZero();
        assertThat(next.limitFor(store).limit()).as("level after 300 unthrottled copies").isGreaterThan(afterThrottling);
        assertThat(next.limitFor(store).range()[1]).isLessThanOrEqualTo(ChunkCopier.maxConcurrency(8));
    }

    @Test
    void chunksCopiedSideBySideNeverExceedTheStoresConnections() throws Exception {
        try (S3ObjectStore small = new S3ObjectStore(s3.storeConfig(proxy.endpoint()).maxConnections(6).build())) {
            ChunkCopier copier = new Copiers().copier(Storage.of(small), 4, 3);
            Location target = Location.parse("s3://adaptive-dst/side-by-side");
            var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<CopySummary>> chunks = IntStream.range(0, 4)
                        .mapToObj(c -> pool.submit(() -> copier.copy(SOURCE, target, items(c * 100, c * 100 + 100),
                                ProgressListener.NONE)))
                        .toList();
                for (var chunk : chunks) {
                    assertThat(chunk.get(120, java.util.concurrent.TimeUnit.SECONDS).copied()).isEqualTo(100);
                }
            } finally {
                pool.shutdownNow();
            }
            AdaptiveLimit limit = copier.limitFor(small);
            assertThat(limit.cap()).isEqualTo(6);
            assertThat(limit.peakInFlight()).as("copies of the four chunks at once").isBetween(1, 6);
            assertThat(limit.range()[1]).as("highest level").isLessThanOrEqualTo(6);
        }
    }
}
