package org.lakefsbackup.testkit.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.store.CopyRequest;
import org.lakefsbackup.core.error.ThrottledException;
import org.lakefsbackup.core.error.UnavailableException;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.StoreStats;
import org.lakefsbackup.core.store.s3.S3ObjectStore;
import org.lakefsbackup.core.store.s3.S3StoreConfig;
import org.lakefsbackup.testkit.fault.Fault;
import org.lakefsbackup.testkit.fault.FaultInjectingProxy;
import org.lakefsbackup.testkit.fault.FaultRule;

/** The S3 store behind a {@link FaultInjectingProxy}: retries inside the adapter, mapping when they run out. */
class S3ObjectStoreFaultTest {
    private static final long PART = 5 * S3StoreConfig.MIB;
    private static EmbeddedS3 s3;
    private FaultInjectingProxy proxy;
    private S3ObjectStore store;
    private static int roots;

    @BeforeAll
    static void startS3() {
        s3 = EmbeddedS3.start();
        s3.createBucket("faulty");
        s3.createBucket("faulty-b");
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    @BeforeEach
    void startProxy() {
        proxy = FaultInjectingProxy.start(s3.endpoint(), FaultInjectingProxy.Mode.S3, 7);
        store = new S3ObjectStore(s3.storeConfig(proxy.endpoint()).listPageSize(10).multipartCopyThreshold(PART)
                .partSize(PART).build());
    }

    @AfterEach
    void stopProxy() {
        store.close();
        proxy.close();
    }

    private static Location newRoot() {
        return Location.parse("s3://faulty/r" + (++roots));
    }

    @Test
    void succeedsThroughThirtyPercentSlowDowns() {
        Location root = newRoot();
        proxy.rules(FaultRule.slowDown(0.3));
        List<String> keys = IntStream.range(0, 40).mapToObj(i -> String.format("k%02d", i)).toList();
        StoreStats before = store.stats();

        keys.forEach(k -> store.put(root.resolve(k), k.getBytes()));
        List<String> listed = store.list(root, null).map(ObjectInfo::key).toList();
        store.copy(CopyRequest.builder(root.resolve("k01"), Location.parse("s3://faulty-b/copy")).expectedSize(3).build());
        byte[] large = new byte[(int) (2 * PART + 1000)];
        new Random(3).nextBytes(large);
        store.upload(root.resolve("large"), new ByteArrayInputStream(large), large.length);
        store.copy(CopyRequest.builder(root.resolve("large"), Location.parse("s3://faulty-b/large")).expectedSize(large.length).build());

        proxy.clearRules();
        assertThat(listed).isEqualTo(keys);
        assertThat(store.get(Location.parse("s3://faulty-b/copy"))).hasValue("k01".getBytes());
        assertThat(store.get(Location.parse("s3://faulty-b/large"))).hasValue(large);
        StoreStats used = store.stats().minus(before);
        assertThat(proxy.faultsInjected(Fault.SLOW_DOWN)).isGreaterThan(10);
        assertThat(used.retries()).as("every injected SlowDown was retried once").isEqualTo(
                proxy.faultsInjected(Fault.SLOW_DOWN));
        assertThat(used.totalRequests()).as("each attempt counted once, ours and the proxy's agree")
                .isEqualTo(proxy.requests());
    }

    @Test
    void succeedsThroughConnectionResetsAndServerErrors() {
        Location root = newRoot();
        proxy.rules(FaultRule.connectionReset(0.15), FaultRule.serverError(0.15));
        for (int i = 0; i < 20; i++) {
            store.put(root.resolve("k" + i), new byte[] {(byte) i});
        }
        for (int i = 0; i < 20; i++) {
            assertThat(store.get(root.resolve("k" + i))).hasValue(new byte[] {(byte) i});
        }
        for (int i = 0; i < 20; i++) {
            store.copy(CopyRequest.builder(root.resolve("k" + i), root.resolve("c" + i)).expectedSize(1).build());
        }
        proxy.clearRules();
        for (int i = 0; i < 20; i++) {
            assertThat(store.get(root.resolve("c" + i))).hasValue(new byte[] {(byte) i});
        }
        assertThat(proxy.faultsInjected(Fault.CONNECTION_RESET)).isPositive();
        assertThat(proxy.faultsInjected(Fault.SERVER_ERROR)).isPositive();
        assertThat(store.stats().retries()).isEqualTo(proxy.faultsInjected());
    }

    @Test
    void reportsThrottlingWhenEveryAttemptIsThrottled() {
        Location target = newRoot().resolve("k");
        try (S3ObjectStore impatient = new S3ObjectStore(s3.storeConfig(proxy.endpoint()).maxAttempts(3).build())) {
            proxy.rules(FaultRule.slowDown(1.0));
            assertThatThrownBy(() -> impatient.put(target, new byte[1])).isInstanceOf(ThrottledException.class)
                    .hasMessageContaining("SlowDown");
            assertThat(impatient.stats().requests("PutObject")).isEqualTo(3);
            assertThat(impatient.stats().retries()).isEqualTo(2);
            assertThat(proxy.requests()).isEqualTo(3);
            assertThatThrownBy(() -> impatient.copy(CopyRequest.builder(target, newRoot().resolve("c"))
                    .expectedSize(1).build())).isInstanceOf(ThrottledException.class).hasMessageContaining("SlowDown");
            assertThat(impatient.stats().requests("CopyObject")).isEqualTo(3);
            assertThat(proxy.requests()).isEqualTo(6);
        }
    }

    @Test
    void reportsUnavailableWhenServerErrorsOrResetsPersist() {
        Location target = newRoot().resolve("k");
        try (S3ObjectStore impatient = new S3ObjectStore(s3.storeConfig(proxy.endpoint()).maxAttempts(2).build())) {
            proxy.rules(FaultRule.serverError(1.0));
            assertThatThrownBy(() -> impatient.head(target)).isInstanceOf(UnavailableException.class);
            proxy.rules(FaultRule.connectionReset(1.0));
            assertThatThrownBy(() -> impatient.get(target)).isInstanceOf(UnavailableException.class);
            assertThatThrownBy(() -> impatient.copy(CopyRequest.builder(target, newRoot().resolve("c"))
                    .expectedSize(1).build())).isInstanceOf(UnavailableException.class);
            proxy.rules(FaultRule.serverError(1.0));
            assertThatThrownBy(() -> impatient.copy(CopyRequest.builder(target, newRoot().resolve("c"))
                    .expectedSize(1).build())).isInstanceOf(UnavailableException.class);
            assertThat(impatient.stats().requests("CopyObject")).isEqualTo(4);
            assertThat(impatient.stats().retries()).isEqualTo(4);
        }
    }

    @Test
    void abortsAMultipartCopyThatFails() {
        Location root = newRoot();
        byte[] large = new byte[(int) (2 * PART + 10)];
        store.upload(root.resolve("src"), new ByteArrayInputStream(large), large.length);
        // no checksum asked for: S3Proxy keeps none, and learning that would abort one more upload
        try (S3ObjectStore impatient = new S3ObjectStore(s3.storeConfig(proxy.endpoint()).maxAttempts(2)
                .multipartCopyThreshold(PART).partSize(PART).checksumAlgorithm(null).build())) {
            proxy.rules(FaultRule.serverError(1.0).onlyMethods("PUT").onlyTargets("partNumber=2"));

            assertThatThrownBy(() -> impatient.copy(CopyRequest.builder(root.resolve("src"), root.resolve("dst")).expectedSize(large.length).build()))
                    .isInstanceOf(UnavailableException.class);

            assertThat(impatient.stats().requests("AbortMultipartUpload")).isEqualTo(1);
            assertThat(impatient.stats().requests("CompleteMultipartUpload")).isZero();
            assertThat(impatient.head(root.resolve("dst"))).isEmpty();
        }
    }
}
