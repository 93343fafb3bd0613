package org.lakefsbackup.core.step;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.model.GenerationId;

/** Which generation {@code drill --generation rotate} restores, from the keys under {@code generations/}. */
class DrillRotationTest {
    static final String G1 = "20261101T000000000Z-aaaa";
    static final String G2 = "20261102T000000000Z-bbbb";
    static final String G3 = "20261103T000000000Z-cccc";

    static String manifest(String g) {
        return g + "/manifest.json";
    }

    static String drill(String g, String started) {
        return g + "/drills/" + started + "-drill-repo.json";
    }

    @Test
    void aGenerationNeverDrilledComesFirstTheOlderAmongEquals() {
        assertThat(DrillSteps.leastRecentlyDrilled(List.of(manifest(G1), drill(G1, "20261110T000000000Z"),
                manifest(G2), manifest(G3)))).contains(new GenerationId(G2));
    }

    @Test
    void whenEveryGenerationWasDrilledTheOneWhoseNewestDrillIsOldest() {
        assertThat(DrillSteps.leastRecentlyDrilled(List.of(
                manifest(G1), drill(G1, "20261110T000000000Z"), drill(G1, "20261120T000000000Z"),
                manifest(G2), drill(G2, "20261115T000000000Z"),
                manifest(G3), drill(G3, "20261112T000000000Z"), drill(G3, "20261112T000000000Z") + ".md")))
                .contains(new GenerationId(G3));
    }

    @Test
    void forgottenAndUncommittedGenerationsAreNeverDrilled() {
        assertThat(DrillSteps.leastRecentlyDrilled(List.of(manifest(G1), drill(G1, "20261110T000000000Z"),
                manifest(G2), G2 + "/forgotten.json", G3 + "/inventory/00000.jsonl.gz")))
                .contains(new GenerationId(G1));
        assertThat(DrillSteps.leastRecentlyDrilled(List.of(manifest(G2), G2 + "/forgotten.json"))).isEmpty();
        assertThat(DrillSteps.leastRecentlyDrilled(List.of())).isEmpty();
    }
}
