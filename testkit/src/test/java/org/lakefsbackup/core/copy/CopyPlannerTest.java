package org.lakefsbackup.core.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.error.ConflictException;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.CopyItem;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.model.InventoryEntry;
import org.lakefsbackup.core.model.JsonLinesChunks;
import org.lakefsbackup.core.model.Manifest;
import org.lakefsbackup.core.step.Settings;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.testkit.store.ForwardingObjectStore;
import org.lakefsbackup.testkit.store.InMemoryObjectStore;

class CopyPlannerTest {
    final InMemoryObjectStore s3 = new InMemoryObjectStore(Location.Scheme.S3);
    final Storage storage = Storage.of(s3);
    final Location ns = Location.parse("s3://source/repo1");
    final BackupLayout layout = new BackupLayout(Location.parse("s3://backups/lakefs"), "repo1");
    final CopyPlanner planner = new CopyPlanner(storage, 3, 4);

    void put(Location l, String content) {
        s3.put(l, content.getBytes(StandardCharsets.UTF_8));
    }

    CopyPlan planBackup(String gen) {
        return planner.planBackup(ns, layout, BackupLayout.inventoryPrefix(new GenerationId(gen)),
                layout.run(gen).resolve("plan"), Settings.defaults()::isMutable);
    }

    List<CopyItem> items(CopyPlan plan) {
        return JsonLinesChunks.stream(storage, Location.parse(plan.planPrefix()), plan.chunks(), CopyItem.class).toList();
    }

    void copyAll(CopyPlan plan) {
        ChunkCopier copier = new ChunkCopier(storage, 4, 3);
        for (int i = 0; i < plan.chunks(); i++) {
            assertThat(copier.copyChunk(plan, i, ProgressListener.NONE).failed()).isZero();
        }
    }

    @Test
    void firstBackupCopiesEverythingInChunksAndWritesASortedInventory() {
        for (String k : List.of("data/a/1", "data/a-b/2", "data/a/3", "_lakefs/" + "a".repeat(64), "_lakefs/dummy",
                "_lakefs/retention/gc/rules/config.json", "data/b/4")) {
            put(ns.resolve(k), "content of " + k);
        }
        CopyPlan plan = planBackup("20261124T000000000Z-aaaa");
        assertThat(plan.totalObjects()).isEqualTo(7);
        assertThat(plan.copyObjects()).isEqualTo(7);
        assertThat(plan.chunks()).isEqualTo(3);
        assertThat(plan.inventoryChunks()).isEqualTo(2);
        List<InventoryEntry> inventory = JsonLinesChunks.stream(storage, layout.repositoryRoot()
                .resolve(BackupLayout.inventoryPrefix(new GenerationId("20261124T000000000Z-aaaa"))), 2,
                InventoryEntry.class).toList();
        assertThat(inventory).extracting(InventoryEntry::key).containsExactly("_lakefs/" + "a".repeat(64),
                "_lakefs/dummy", "_lakefs/retention/gc/rules/config.json", "data/a-b/2", "data/a/1", "data/a/3",
                "data/b/4");
        assertThat(inventory.get(2).stored()).startsWith("mutable/_lakefs/retention/gc/rules/config.json/v-");
        assertThat(inventory.get(3).stored()).isEqualTo("objects/data/a-b/2");
    }

    @Test
    void aSecondBackupCopiesOnlyNewObjectsAndChangedMutableOnes() {
        put(ns.resolve("data/a/1"), "one");
        put(ns.resolve("_lakefs/retention/gc/rules/config.json"), "rules v1");
        copyAll(planBackup("20261124T000000000Z-aaaa"));

        put(ns.resolve("data/a/2"), "two");
        CopyPlan unchanged = planBackup("20261124T000000001Z-aaaa");
        assertThat(items(unchanged)).extracting(CopyItem::source).containsExactly("data/a/2");

        put(ns.resolve("_lakefs/retention/gc/rules/config.json"), "rules v2");
        CopyPlan changed = planBackup("20261124T000000002Z-aaaa");
        assertThat(items(changed)).extracting(CopyItem::source)
                .containsExactly("_lakefs/retention/gc/rules/config.json", "data/a/2");
        copyAll(changed);
        s3.resetCounts();
        CopyPlan nothing = planBackup("20261124T000000003Z-aaaa");
        assertThat(nothing.copyObjects()).isZero();
        assertThat(nothing.chunks()).isZero();
        assertThat(s3.count("copy")).isZero();
        assertThat(s3.count("head")).isZero();
    }

    @Test
    void aBackupCopyOfAnotherSizeIsCopiedAgain() {
        put(ns.resolve("data/a/1"), "one");
        copyAll(planBackup("20261124T000000000Z-aaaa"));
        put(layout.objects().resolve("data/a/1"), "truncated-or-other");
        assertThat(items(planBackup("20261124T000000001Z-aaaa"))).extracting(CopyItem::source)
                .containsExactly("data/a/1");
    }

    @Test
    void restoreCopiesWhatTheTargetLacksAndNeverOverwrites() {
        put(ns.resolve("data/a/1"), "one");
        put(ns.resolve("data/a/2"), "two");
        put(ns.resolve("_lakefs/dummy"), "dummy");
        CopyPlan backup = planBackup("20261124T000000000Z-aaaa");
        copyAll(backup);
        var inventory = new Manifest.InventoryRef(BackupLayout.inventoryPrefix(
                new GenerationId("20261124T000000000Z-aaaa")), backup.inventoryChunks(), 3, 11);
        Location target = Location.parse("s3://target/restored");
        put(target.resolve("data/a/1"), "one");
        CopyPlan restore = planner.planRestore(layout, inventory, target, layout.run("r1").resolve("plan"),
                key -> key.equals("_lakefs/dummy"));
        assertThat(items(restore)).extracting(CopyItem::target).containsExactly("data/a/2");
        copyAll(restore);
        assertThat(s3.get(target.resolve("data/a/2"))).hasValueSatisfying(b ->
                assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("two"));

        put(target.resolve("data/a/1"), "something else");
        assertThatThrownBy(() -> planner.planRestore(layout, inventory, target, layout.run("r2").resolve("plan"),
                key -> false)).isInstanceOf(ConflictException.class).hasMessageContaining("data/a/1");
    }

    @Test
    void theCopierRetriesThrottlingWithBackoffAndReportsPermanentFailuresAsData() {
        put(ns.resolve("data/a/1"), "one");
        put(ns.resolve("data/a/2"), "two");
        AtomicInteger calls = new AtomicInteger();
        var flaky = new ForwardingObjectStore(s3) {
            @Override
            public void copy(Location source, Location target, long size) {
                if (source.key().endsWith("data/a/2")) {
                    throw ErrorCode.UNAUTHORIZED.exception("access denied to " + source);
                }
                if (calls.incrementAndGet() <= 2) {
                    throw ErrorCode.THROTTLED.exception("SlowDown");
                }
                super.copy(source, target, size);
            }
        };
        Storage flakyStorage = Storage.of(flaky);
        CopyPlan plan = new CopyPlanner(flakyStorage, 10, 10).planBackup(ns, layout,
                BackupLayout.inventoryPrefix(new GenerationId("20261124T000000000Z-aaaa")),
                layout.run("x").resolve("plan"), k -> false);
        List<Long> sleeps = new java.util.ArrayList<>();
        CopySummary summary = new ChunkCopier(flakyStorage, 1, 5, 100, sleeps::add)
                .copyChunk(plan, 0, ProgressListener.NONE);
        assertThat(summary.copied()).isEqualTo(1);
        assertThat(summary.failed()).isEqualTo(1);
        assertThat(summary.retries()).isEqualTo(2);
        assertThat(summary.failures()).singleElement().satisfies(f -> {
            assertThat(f.key()).isEqualTo("data/a/2");
            assertThat(f.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        });
        assertThat(sleeps).hasSize(2);
        assertThat(sleeps.get(0)).isBetween(50L, 100L);
        assertThat(sleeps.get(1)).isBetween(100L, 200L);
    }
}
