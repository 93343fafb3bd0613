package org.lakefsbackup.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.step.Settings;

class PlannerBenchTest {

    @Test
    void thePlannerOverTheSyntheticStorePlansEveryKeyTheBackupLacks() {
        PlannerBench bench = new PlannerBench(Settings.defaults(), 1);
        PlannerBench.Result empty = bench.run(2_500, PlannerBench.Held.EMPTY);
        assertThat(empty.copyObjects()).isEqualTo(2_500);
        assertThat(empty.planChunks()).isEqualTo(3);
        assertThat(empty.inventoryChunks()).isEqualTo(1);
        assertThat(empty.writtenBytes()).isPositive();

        PlannerBench.Result half = bench.run(2_500, PlannerBench.Held.HALF);
        assertThat(half.copyObjects()).isEqualTo(1_250);
        assertThat(half.planChunks()).isEqualTo(2);
        assertThat(half.requests()).containsKeys("List", "Put");
    }
}
