package org.lakefsbackup.core.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.CopyItem;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.model.InventoryEntry;
import org.lakefsbackup.core.model.JsonLinesChunks;
import org.lakefsbackup.core.step.Settings;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.core.store.s3.S3ObjectStore;
import org.lakefsbackup.testkit.s3.EmbeddedS3;

/**
 * Plans a backup of a namespace of many {@code data/<partition>/} prefixes on S3Proxy with listings fetched as
 * concurrent key ranges, and compares the plan and the inventory with those of one sequential listing: at once and
 * resumed from checkpoints in small budgets, with a first backup (the backup's {@code objects/} listed too, part of
 * it already held).
 */
class RangedListingPlanTest {
    private static final String GENERATION = "20261130T000000000Z-aaaa";

    private static EmbeddedS3 s3;
    private static S3ObjectStore ranged;
    private static S3ObjectStore sequential;
    private static final Location NAMESPACE = Location.parse("s3://source/repo1");
    private static final BackupLayout LAYOUT = new BackupLayout(Location.parse("s3://backups/lakefs"), "repo1");

    @BeforeAll
    static void start() {
        s3 = EmbeddedS3.start();
        s3.createBucket("source");
        s3.createBucket("backups");
        ranged = s3.newStore(c -> c.listPageSize(40).listConcurrency(3));
        sequential = s3.newStore(c -> c.listPageSize(40).listConcurrency(1));
        List<String> keys = new ArrayList<>(List.of("README", "_lakefs/dummy", "_lakefs/retention/gc/rules/config.json",
                "data/g01-between", "data/loose", "data~after"));
        int[] sizes = {45, 1, 0, 90, 3, 60, 12};
        for (int g = 0; g < sizes.length; g++) {
            int partition = g;
            IntStream.range(0, sizes[g]).forEach(i -> keys.add(String.format("data/g%02d/c%04d", partition, i)));
        }
        keys.parallelStream().forEach(k -> ranged.put(NAMESPACE.resolve(k), k.getBytes(StandardCharsets.UTF_8)));
        // the backup already holds some objects (as an interrupted first backup leaves them)
        keys.stream().filter(k -> k.startsWith("data/g03/") || k.equals("README"))
                .forEach(k -> ranged.put(LAYOUT.objects().resolve(k), k.getBytes(StandardCharsets.UTF_8)));
    }

    @AfterAll
    static void stop() {
        ranged.close();
        sequential.close();
        s3.close();
    }

    record Planned(List<CopyItem> items, List<InventoryEntry> inventory, CopyPlan plan) {
    }

    /** Plans into a run of its own with {@code store}, in invocations of at most {@code budget} objects. */
    private static Planned plan(S3ObjectStore store, String run, long budget) {
        Storage storage = Storage.of(store);
        CopyPlanner planner = new CopyPlanner(storage, 25, 30);
        String inventoryPrefix = BackupLayout.inventoryPrefix(new GenerationId(GENERATION)) + "-" + run;
        Location planPrefix = LAYOUT.run(GENERATION).resolve("plan-" + run);
        PlanCheckpoint from = PlanCheckpoint.START;
        PlanProgress progress;
        int invocations = 0;
        do {
            progress = planner.planBackup(NAMESPACE, LAYOUT, inventoryPrefix, planPrefix,
                    Settings.defaults()::isMutable, null, from, budget);
            from = progress.checkpoint();
            assertThat(++invocations).isLessThan(1000);
        } while (!progress.done());
        CopyPlan plan = progress.plan();
        return new Planned(
                JsonLinesChunks.stream(storage, planPrefix, plan.chunks(), CopyItem.class).toList(),
                JsonLinesChunks.stream(storage, LAYOUT.repositoryRoot().resolve(inventoryPrefix),
                        plan.inventoryChunks(), InventoryEntry.class).toList(),
                plan);
    }

    @Test
    void plansWithRangedListingsExactlyAsWithOneSequentialListing() {
        Planned oneByOne = plan(sequential, "sequential", Long.MAX_VALUE);
        Planned atOnce = plan(ranged, "ranged", Long.MAX_VALUE);
        Planned resumed = plan(ranged, "resumed", 37);

        assertThat(oneByOne.inventory()).hasSize(217);
        assertThat(oneByOne.items()).hasSize(217 - 91);
        for (Planned p : List.of(atOnce, resumed)) {
            assertThat(p.inventory()).containsExactlyElementsOf(oneByOne.inventory());
            assertThat(p.items()).containsExactlyElementsOf(oneByOne.items());
            assertThat(p.plan().totalObjects()).isEqualTo(oneByOne.plan().totalObjects());
            assertThat(p.plan().copyObjects()).isEqualTo(oneByOne.plan().copyObjects());
        }
    }
}
