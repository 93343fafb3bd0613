package org.lakefsbackup.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.copy.CopyPlanner;
import org.lakefsbackup.core.store.KeyOrder;
import org.lakefsbackup.core.store.ObjectInfo;

class SyntheticListingTest {

    @Test
    void keysAreStrictlyIncreasingInKeyOrderAcrossPartitions() {
        List<String> keys = new SyntheticListing(2_500, 1).stream(null).map(ObjectInfo::key).toList();
        assertThat(keys).hasSize(2_500).doesNotHaveDuplicates().isSortedAccordingTo(KeyOrder.COMPARATOR);
        assertThat(keys.get(0)).isEqualTo("data/0000000/0000000000");
        assertThat(keys.get(1_000)).isEqualTo("data/0000001/0000001000");
        assertThat(KeyOrder.compare(SyntheticListing.key(9_999_999_999L), SyntheticListing.key(9_999_999_998L)))
                .isPositive();
    }

    @Test
    void aHugeListingGeneratesOnlyWhatIsConsumed() {
        SyntheticListing listing = new SyntheticListing(SyntheticListing.MAX_KEYS, 1);
        List<ObjectInfo> first = listing.stream(null).limit(1_000).toList();
        assertThat(first).hasSize(1_000);
        assertThat(listing.emitted()).isEqualTo(1_000);
        assertThat(listing.size()).isEqualTo(SyntheticListing.MAX_KEYS);
    }

    @Test
    void startAfterResumesAfterTheGivenKeyEvenBetweenKeys() {
        SyntheticListing listing = new SyntheticListing(5_000, 1);
        assertThat(listing.stream(SyntheticListing.key(1_234)).findFirst().orElseThrow().key())
                .isEqualTo(SyntheticListing.key(1_235));
        assertThat(listing.stream(SyntheticListing.key(1_234) + "x").findFirst().orElseThrow().key())
                .isEqualTo(SyntheticListing.key(1_235));
        assertThat(listing.stream("a").findFirst().orElseThrow().key()).isEqualTo(SyntheticListing.key(0));
        assertThat(listing.stream(SyntheticListing.key(4_999)).count()).isZero();
        assertThat(listing.stream("zzz").count()).isZero();
    }

    @Test
    void everyOtherKeyIsASortedSubsetWithTheSameSizesAndEtags() {
        List<ObjectInfo> all = new SyntheticListing(1_001, 1).stream(null).toList();
        List<ObjectInfo> half = new SyntheticListing(1_001, 2).stream(null).toList();
        assertThat(half).hasSize(501).isSortedAccordingTo((a, b) -> KeyOrder.compare(a.key(), b.key()));
        for (int i = 0; i < half.size(); i++) {
            ObjectInfo held = half.get(i);
            assertThat(held).isEqualTo(all.get(2 * i));
            assertThat(CopyPlanner.sameContent(all.get(2 * i).size(), all.get(2 * i).checksums(), held)).isTrue();
        }
        assertThat(half.get(0).checksums()).as("like an S3 listing, it vouches for no checksum").isEmpty();
        assertThat(all).allSatisfy(o -> assertThat(o.size()).isBetween(512L, 1535L));
    }
}
