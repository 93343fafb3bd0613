package org.lakefsbackup.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.model.InventoryEntry;
import org.lakefsbackup.core.store.KeyOrder;

class InventoryBenchTest {
    @Test
    void bothEncodingsRoundTripTheSameInventoryAndAreReportedSideBySide() {
        List<String> progress = new ArrayList<>();
        List<InventoryBench.Round> rounds = new InventoryBench(2_000, 2, progress::add).run();
        // the bench itself fails when a chunk read back differs from the one written
        assertThat(rounds).hasSize(4);
        assertThat(rounds).extracting(InventoryBench.Round::encoding).containsExactly(
                InventoryBench.Encoding.CURRENT, InventoryBench.Encoding.BEFORE,
                InventoryBench.Encoding.BEFORE, InventoryBench.Encoding.CURRENT);
        assertThat(rounds).allSatisfy(r -> {
            assertThat(r.entries()).isEqualTo(2_000);
            assertThat(r.bytes()).isPositive();
        });
        assertThat(progress).hasSize(4);
        String table = InventoryBench.markdown(rounds);
        assertThat(table).contains(InventoryBench.Encoding.CURRENT.label(), InventoryBench.Encoding.BEFORE.label(),
                "| 2 | 2,000 |");
    }

    @Test
    void theEntriesAreInKeyOrderAsAnInventoryIs() {
        List<InventoryEntry> inventory = InventoryBench.inventory(3_000);
        for (int i = 1; i < inventory.size(); i++) {
            assertThat(KeyOrder.compare(inventory.get(i - 1).key(), inventory.get(i).key())).isNegative();
        }
        assertThat(inventory.get(0).key()).matches("data/g\\d{19}/c\\d{19}");
        assertThat(inventory.get(0).checksum()).isNotNull();
    }
}
