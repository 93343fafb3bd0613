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
        ChunkCopier copier = new ChunkCopier(Storage.of(store), 8, 10);
        proxy.rules(FaultRule.slowDown(0.5).onlyMethods("PUT"));
        CopySummary throttled = copier.copy(SOURCE, TARGET, items(0, 100), ProgressListener.NONE);
        proxy.clearRules();
        int afterThrottling = copier.limit().limit();

        assertThat(throttled.failed()).isZero();
        assertThat(copier.limit().range()[0]).as("lowest level while throttled").isLessThan(8);
        assertThat(afterThrottling).isLessThan(8);

        CopySummary recovered = copier.copy(SOURCE, TARGET, items(100, 400), ProgressListener.NONE);
        assertThat(recovered.failed()).isZero();
        assertThat(copier.limit().limit()).as("level after 300 unthrottled copies").isGreaterThan(afterThrottling);
        assertThat(copier.limit().range()[1]).isLessThanOrEqualTo(ChunkCopier.maxConcurrency(8));
    }
}
