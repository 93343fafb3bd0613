package org.lakefsbackup.core.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.store.s3.RangedListing.Part;
import software.amazon.awssdk.services.s3.model.S3Object;

class RangedListingTest {
    private static Part key(String key) {
        return Part.key(S3Object.builder().key(key).size(1L).build());
    }

    private static List<String> positions(List<Part> parts) {
        return parts.stream().map(Part::position).toList();
    }

    @Test
    void ordersPrefixesAndKeysAsOneListingWould() {
        List<Part> discovered = List.of(Part.prefix("ns/data/g2/"), key("ns/data/g1-x"), Part.prefix("ns/data/g1/"),
                key("ns/data/g10"), key("ns/README"), Part.prefix("ns/_lakefs/retention/"), key("ns/_lakefs/dummy"),
                key("ns/data~"));
        assertThat(positions(RangedListing.parts(null, discovered))).containsExactly("ns/README",
                "ns/_lakefs/dummy", "ns/_lakefs/retention/", "ns/data/g1-x", "ns/data/g1/", "ns/data/g10",
                "ns/data/g2/", "ns/data~");
    }

    @Test
    void keepsOnlyWhatFollowsTheStartingKey() {
        List<Part> discovered = List.of(Part.prefix("ns/data/g1/"), key("ns/data/g10"), Part.prefix("ns/data/g2/"),
                Part.prefix("ns/data/g3/"), key("ns/data/g1-x"));
        // inside g2: g2 is listed from the key on, g1 and the keys before g2 are done
        assertThat(positions(RangedListing.parts("ns/data/g2/c5", discovered)))
                .containsExactly("ns/data/g2/", "ns/data/g3/");
        // between prefixes
        assertThat(positions(RangedListing.parts("ns/data/g1-x", discovered)))
                .containsExactly("ns/data/g1/", "ns/data/g10", "ns/data/g2/", "ns/data/g3/");
        assertThat(positions(RangedListing.parts("ns/data/g3/zzz", discovered))).containsExactly("ns/data/g3/");
        assertThat(RangedListing.parts("ns/data~", discovered)).isEmpty();
    }
}
