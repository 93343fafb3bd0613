package org.lakefsbackup.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreStatsTest {
    @Test
    void subtractsAnEarlierSnapshot() {
        StoreStats earlier = new StoreStats(Map.of("CopyObject", 3L, "HeadObject", 1L), Map.of("CopyObject", 2L));
        StoreStats later = new StoreStats(Map.of("CopyObject", 5L, "HeadObject", 1L, "ListObjectsV2", 4L),
                Map.of("CopyObject", 2L, "ListObjectsV2", 1L));

        StoreStats diff = later.minus(earlier);

        assertThat(diff.requestsByType()).isEqualTo(Map.of("CopyObject", 2L, "ListObjectsV2", 4L));
        assertThat(diff.retriesByType()).isEqualTo(Map.of("ListObjectsV2", 1L));
        assertThat(diff.retries()).isEqualTo(1);
        assertThat(diff.totalRequests()).isEqualTo(6);
        assertThat(diff.requests("HeadObject")).isZero();
    }

    @Test
    void aRequestSentAgainIsOneCall() {
        StoreStats stats = new StoreStats(Map.of("PutObject", 14L, "GetObject", 8L), Map.of("PutObject", 1L));

        assertThat(stats.callsByType()).isEqualTo(Map.of("PutObject", 13L, "GetObject", 8L));
        assertThat(stats.totalRequests()).isEqualTo(22);
        assertThat(new StoreStats(Map.of("GetObject", 2L)).callsByType()).isEqualTo(Map.of("GetObject", 2L));
    }

    @Test
    void storesOfOneStorageAddUp() {
        StoreStats s3 = new StoreStats(Map.of("CopyObject", 3L), Map.of("CopyObject", 1L));
        StoreStats azure = new StoreStats(Map.of("PutBlob", 2L, "CopyObject", 1L));

        StoreStats both = s3.plus(azure);

        assertThat(both.requestsByType()).isEqualTo(Map.of("CopyObject", 4L, "PutBlob", 2L));
        assertThat(both.callsByType()).isEqualTo(Map.of("CopyObject", 3L, "PutBlob", 2L));
    }

    @Test
    void countsAreNotNegative() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new StoreStats(Map.of("GetObject", -1L)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void storesCountNothingByDefault() {
        ObjectStore store = new ObjectStore() {
            @Override
            public boolean supports(Location location) {
                return false;
            }

            @Override
            public java.util.stream.Stream<ObjectInfo> list(Location prefix, String startAfter) {
                return java.util.stream.Stream.empty();
            }

            @Override
            public java.util.Optional<ObjectInfo> head(Location location) {
                return java.util.Optional.empty();
            }

            @Override
            public java.util.Optional<byte[]> get(Location location) {
                return java.util.Optional.empty();
            }

            @Override
            public java.util.Optional<Versioned> getVersioned(Location location) {
                return java.util.Optional.empty();
            }

            @Override
            public boolean replaceIfMatch(Location location, byte[] content, String etag) {
                return false;
            }

            @Override
            public java.io.InputStream open(Location location) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean putIfAbsent(Location location, byte[] content) {
                return false;
            }

            @Override
            public void put(Location location, byte[] content) {
            }

            @Override
            public void upload(Location location, java.io.InputStream content, long length) {
            }

            @Override
            public CopyResult copy(CopyRequest request) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void delete(Location location) {
            }
        };
        assertThat(store.stats()).isEqualTo(StoreStats.empty());
    }
}
