package org.lakefsbackup.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadTest {
    @Test
    void printsMinMedianAndMaxOfUnsortedValues() {
        assertThat(Spread.of(List.of(9L, 3L, 5L), "%d")).isEqualTo("3 / 5 / 9");
        assertThat(Spread.of(List.of(1_500L, 900L, 2_000L, 1_200L), "%,d")).isEqualTo("900 / 1,500 / 2,000");
        assertThat(Spread.of(List.of(0.35, 0.2912), "%.3f")).isEqualTo("0.291 / 0.350 / 0.350");
    }
}
