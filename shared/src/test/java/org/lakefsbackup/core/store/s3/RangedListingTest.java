package org.lakefsbackup.core.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.store.s3.RangedListing.Range;

class RangedListingTest {

    @Test
    void splitsWhatFollowsAtTheSubPrefixesAfterTheStartingKey() {
        List<String> prefixes = List.of("ns/_lakefs/", "ns/data/g1/", "ns/data/g2/", "ns/data/g3/");
        assertThat(RangedListing.ranges("ns/data/g1/c5", prefixes, 10)).containsExactly(
                new Range("ns/data/g1/c5", "ns/data/g2/"), new Range("ns/data/g2/", "ns/data/g3/"),
                new Range("ns/data/g3/", null));
        assertThat(RangedListing.ranges(null, prefixes, 10)).hasSize(5).first()
                .isEqualTo(new Range(null, "ns/_lakefs/"));
    }

    @Test
    void isOneRangeWithoutSubPrefixesAfterTheStartingKey() {
        assertThat(RangedListing.ranges("k7", List.of(), 32)).containsExactly(new Range("k7", null));
        assertThat(RangedListing.ranges("ns/data/g9/c1", List.of("ns/data/g1/", "ns/data/g9/"), 32))
                .containsExactly(new Range("ns/data/g9/c1", null));
    }

    @Test
    void spacesAtMostTheWantedNumberOfSplitsEvenlyInKeyOrder() {
        List<String> prefixes = java.util.stream.IntStream.range(0, 1000)
                .mapToObj(i -> String.format("data/g%04d/", 999 - i)).toList();
        List<Range> ranges = RangedListing.ranges(null, prefixes, 4);
        assertThat(ranges).containsExactly(new Range(null, "data/g0250/"), new Range("data/g0250/", "data/g0500/"),
                new Range("data/g0500/", "data/g0750/"), new Range("data/g0750/", null));
    }

    @Test
    void rangesHoldKeysUpToTheirUpperBound() {
        Range range = new Range("data/g1/", "data/g2/");
        assertThat(range.contains("data/g1/c")).isTrue();
        assertThat(range.contains("data/g1~")).isTrue();
        assertThat(range.contains("data/g2/")).isTrue();
        assertThat(range.contains("data/g2/c")).isFalse();
        assertThat(new Range("a", null).contains("\uD83D\uDE00")).isTrue();
    }
}
