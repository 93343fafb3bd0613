package org.lakefsbackup.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PruneBenchTest {
    @Test
    void thePrunePlannerOverTheSyntheticBackupFindsEveryTenthObject() {
        PruneBench.Result r = new PruneBench(1_000, 1).run(2_500);
        assertThat(r.candidates()).isEqualTo(250);
        assertThat(r.candidateBytes()).isPositive();
        assertThat(r.inventoryLines()).as("keys ending in 1-5 and in 4-9").isEqualTo(1_250 + 1_500);
        assertThat(r.requests()).containsKeys("List", "Open", "Put");
    }
}
