package org.lakefsbackup.core.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.error.ConflictException;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.InvalidManifestException;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.CopyItem;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.model.InventoryEntry;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.model.JsonLinesChunks;
import org.lakefsbackup.core.model.Manifest;
import org.lakefsbackup.core.retry.RetryPolicy;
import org.lakefsbackup.core.step.BackupVerifier;
import org.lakefsbackup.core.step.Settings;
import org.lakefsbackup.core.step.VerifyCheckpoint;
import org.lakefsbackup.core.store.CopyRequest;
import org.lakefsbackup.core.store.CopyResult;
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

    /** Plans, copies and verifies a generation as a backup run does (the verification records the copies). */
    CopyPlan backUp(String gen) {
        CopyPlan plan = planBackup(gen);
        copyAll(plan);
        var inventory = new Manifest.InventoryRef(BackupLayout.inventoryPrefix(new GenerationId(gen)),
                plan.inventoryChunks(), plan.totalObjects(), plan.totalBytes());
        assertThat(new BackupVerifier(storage).verifyCopies(layout, gen, inventory, plan, VerifyCheckpoint.START,
                Long.MAX_VALUE).result().ok()).isTrue();
        return plan;
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

    /** Writes an inventory of the given entries as one chunk and plans a restore of it into an empty target. */
    void planRestoreOf(List<InventoryEntry> entries, Location target) {
        String prefix = BackupLayout.inventoryPrefix(new GenerationId("20261124T000000000Z-bbbb"));
        try (var writer = new JsonLinesChunks.Writer<>(storage, layout.repositoryRoot().resolve(prefix), 100,
                InventoryEntry.class, 0)) {
            entries.forEach(writer::add);
        }
        planner.planRestore(layout, new Manifest.InventoryRef(prefix, 1, entries.size(), 0), target,
                layout.run("hostile").resolve("plan"), key -> false);
    }

    @Test
    void aRestoreRefusesAnInventoryWithUnsafeKeysBeforeItPlansACopy() {
        Location target = Location.parse("s3://target/hostile");
        for (var entries : List.of(
                List.of(new InventoryEntry("data/a", 1, null, "objects/data/a"),
                        new InventoryEntry("data/../../escape", 1, null, "objects/data/../../escape")),
                List.of(new InventoryEntry("data/b", 1, null, "objects/../other-repo/objects/data/b")),
                List.of(new InventoryEntry("data/c", 1, null, "mutable/data/c/v-1/../../x")),
                List.of(new InventoryEntry("data/z", 1, null, "objects/data/z"),
                        new InventoryEntry("data/a", 1, null, "objects/data/a")),
                List.of(new InventoryEntry("/data/d", 1, null, "objects//data/d")))) {
            assertThatThrownBy(() -> planRestoreOf(entries, target)).as(entries.toString())
                    .isInstanceOf(InvalidManifestException.class);
        }
        assertThat(s3.list(Location.parse("s3://target/hostile"), null).toList()).as("nothing copied").isEmpty();
    }

    @Test
    void aBackupRefusesANamespaceKeyItCouldNotRestoreSafely() {
        put(ns.resolve("data/ok"), "fine");
        ForwardingObjectStore hostile = new ForwardingObjectStore(s3) {
            @Override
            public java.util.stream.Stream<org.lakefsbackup.core.store.ObjectInfo> list(Location prefix,
                                                                                      String startAfter) {
                var listed = super.list(prefix, startAfter);
                return prefix.equals(ns) ? java.util.stream.Stream.concat(listed, java.util.stream.Stream.of(
                        new org.lakefsbackup.core.store.ObjectInfo("data/x/../y", 1, null, null, null))) : listed;
            }
        };
        CopyPlanner hostilePlanner = new CopyPlanner(Storage.of(hostile), 3, 4);
        assertThatThrownBy(() -> hostilePlanner.planBackup(ns, layout, BackupLayout.inventoryPrefix(
                new GenerationId("20261124T000000000Z-aaaa")), layout.run("h").resolve("plan"), k -> false))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("data/x/../y");
    }

    @Test
    void theCopierRetriesThrottlingWithBackoffAndReportsPermanentFailuresAsData() {
        put(ns.resolve("data/a/1"), "one");
        put(ns.resolve("data/a/2"), "two");
        AtomicInteger calls = new AtomicInteger();
        var flaky = new ForwardingObjectStore(s3) {
            @Override
            public CopyResult copy(CopyRequest request) {
                if (request.source().key().endsWith("data/a/2")) {
                    throw ErrorCode.UNAUTHORIZED.exception("access denied to " + request.source());
                }
                if (calls.incrementAndGet() <= 2) {
                    throw ErrorCode.THROTTLED.exception("SlowDown");
                }
                return super.copy(request);
            }
        };
        Storage flakyStorage = Storage.of(flaky);
        CopyPlan plan = new CopyPlanner(flakyStorage, 10, 10).planBackup(ns, layout,
                BackupLayout.inventoryPrefix(new GenerationId("20261124T000000000Z-aaaa")),
                layout.run("x").resolve("plan"), k -> false);
        List<Long> sleeps = new java.util.ArrayList<>();
        RetryPolicy retry = new RetryPolicy(5, java.time.Duration.ofMillis(100), java.time.Duration.ofSeconds(1), 2.0,
                true);
        CopySummary summary = new ChunkCopier(flakyStorage, 1, retry, d -> sleeps.add(d.toMillis()))
                .copyChunk(plan, 0, ProgressListener.NONE);
        assertThat(summary.copied()).isEqualTo(1);
        assertThat(summary.failed()).isEqualTo(1);
        assertThat(summary.retries()).isEqualTo(2);
        assertThat(summary.failures()).singleElement().satisfies(f -> {
            assertThat(f.key()).isEqualTo("data/a/2");
            assertThat(f.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        });
        assertThat(sleeps).hasSize(2);
        assertThat(sleeps.get(0)).as("full jitter up to the first delay").isBetween(0L, 100L);
        assertThat(sleeps.get(1)).as("up to twice that").isBetween(0L, 200L);
    }
    // --- resumable planning ---

    static final List<String> TRICKY = List.of("a-c", "a/b", "a/b/c", "a.b", "a0", "a", "b/\u00fc", "b/\ud83d\ude00",
            "b/\uffff", "c/1", "c/2", "c/3", "c/4", "c/5", "c/6", "c/7", "c/8", "_lakefs/dummy",
            "_lakefs/retention/gc/rules/config.json", "z");

    /** Puts the tricky keys, some of them already held by the backup (one with other content). */
    void trickySource() {
        for (String k : TRICKY) {
            put(ns.resolve(k), "content of " + k);
        }
        put(layout.objects().resolve("a/b"), "content of a/b");
        put(layout.objects().resolve("c/4"), "content of c/4");
        put(layout.objects().resolve("c/5"), "other");
        put(layout.objects().resolve("a-b"), "held but no longer in the source");
    }

    record Stepped(PlanProgress last, int invocations) {
    }

    /** Plans in invocations of {@code max} objects, each one run twice (a retried invocation) from the same JSON. */
    Stepped stepped(java.util.function.Function<PlanCheckpoint, PlanProgress> invocation) {
        PlanCheckpoint from = PlanCheckpoint.START;
        int invocations = 0;
        while (true) {
            PlanProgress first = invocation.apply(from);
            PlanProgress retried = invocation.apply(from);
            assertThat(retried).isEqualTo(first);
            invocations++;
            PlanProgress stored = Json.read(Json.write(first), PlanProgress.class, ErrorCode.INVALID_MANIFEST, "p");
            assertThat(stored).isEqualTo(first);
            if (stored.done()) {
                return new Stepped(stored, invocations);
            }
            assertThat(invocations).isLessThan(100);
            from = stored.checkpoint();
        }
    }

    List<InventoryEntry> inventory(String gen, int chunks) {
        return JsonLinesChunks.stream(storage, layout.repositoryRoot().resolve(BackupLayout.inventoryPrefix(
                new GenerationId(gen))), chunks, InventoryEntry.class).toList();
    }

    @Test
    void aBackupPlannedInSmallBudgetsEqualsOnePlannedAtOnce() {
        trickySource();
        put(layout.mutable().resolve("_lakefs/dummy/v-x"), "unrelated version");
        String whole = "20261124T000000000Z-aaaa";
        CopyPlan once = planBackup(whole);
        assertThat(once.totalObjects()).isEqualTo(TRICKY.size());
        for (long budget : List.of(1L, 2L, 3L, 4L, 7L, 19L, 20L, 21L)) {
            String gen = "20261124T0000000" + (10 + budget) + "Z-aaaa";
            Location planPrefix = layout.run(gen).resolve("plan");
            Stepped r = stepped(from -> planner.planBackup(ns, layout, BackupLayout.inventoryPrefix(
                    new GenerationId(gen)), planPrefix, Settings.defaults()::isMutable, from, budget));
            CopyPlan plan = r.last().plan();
            assertThat(r.invocations()).as("budget %d", budget)
                    .isEqualTo((int) Math.max(1, (TRICKY.size() + budget - 1) / budget));
            assertThat(items(plan)).as("budget %d", budget).containsExactlyElementsOf(items(once));
            assertThat(inventory(gen, plan.inventoryChunks())).as("budget %d", budget)
                    .containsExactlyElementsOf(inventory(whole, once.inventoryChunks()));
            assertThat(List.of(plan.totalObjects(), plan.totalBytes(), plan.copyObjects(), plan.copyBytes()))
                    .containsExactly(once.totalObjects(), once.totalBytes(), once.copyObjects(), once.copyBytes());
            assertThat(plan.sourceRoot()).isEqualTo(once.sourceRoot());
            assertThat(plan.targetRoot()).isEqualTo(once.targetRoot());
            assertThat(r.last().checkpoint().lastKey()).isEqualTo("z");
        }
        // held a/b and c/4 are skipped, c/5 (other size) is copied again, the mutable key is copied as a version
        assertThat(items(once)).extracting(CopyItem::source).doesNotContain("a/b", "c/4").contains("c/5",
                "_lakefs/retention/gc/rules/config.json");
        // the inventory is in key order: a-c < a.b < a/b < a/b/c < a0
        assertThat(inventory(whole, once.inventoryChunks())).extracting(InventoryEntry::key).startsWith(
                "_lakefs/dummy", "_lakefs/retention/gc/rules/config.json", "a", "a-c", "a.b", "a/b", "a/b/c", "a0");
    }

    @Test
    void aResumedBackupSeesMutableVersionsAndContinuesTheChunkNumbering() {
        put(ns.resolve("_lakefs/retention/gc/rules/config.json"), "rules v1");
        put(ns.resolve("a"), "a");
        copyAll(planBackup("20261124T000000000Z-aaaa"));
        put(ns.resolve("b"), "b");
        Location planPrefix = layout.run("g2").resolve("plan");
        String inventoryPrefix = BackupLayout.inventoryPrefix(new GenerationId("20261124T000000001Z-aaaa"));
        PlanProgress first = planner.planBackup(ns, layout, inventoryPrefix, planPrefix,
                Settings.defaults()::isMutable, PlanCheckpoint.START, 2);
        assertThat(first.done()).isFalse();
        assertThat(first.checkpoint()).isEqualTo(new PlanCheckpoint("a", 0, 1, 2, 9, 0, 0));
        PlanProgress second = planner.planBackup(ns, layout, inventoryPrefix, planPrefix,
                Settings.defaults()::isMutable, first.checkpoint(), 2);
        assertThat(second.done()).isTrue();
        assertThat(second.plan().chunks()).isEqualTo(1);
        assertThat(second.plan().inventoryChunks()).isEqualTo(2);
        assertThat(items(second.plan())).extracting(CopyItem::source).containsExactly("b");
        assertThatThrownBy(() -> planner.planBackup(ns, layout, inventoryPrefix, planPrefix, k -> false,
                PlanCheckpoint.START, 0)).hasMessageContaining("budget");
    }

    @Test
    void aRestorePlannedInSmallBudgetsEqualsOnePlannedAtOnce() {
        trickySource();
        String gen = "20261124T000000000Z-aaaa";
        CopyPlan backup = backUp(gen);
        var inventory = new Manifest.InventoryRef(BackupLayout.inventoryPrefix(new GenerationId(gen)),
                backup.inventoryChunks(), backup.totalObjects(), backup.totalBytes());
        Location target = Location.parse("s3://target/restored");
        for (String k : List.of("a-c", "a/b/c", "b/\ud83d\ude00", "c/8", "z")) {
            put(target.resolve(k), "content of " + k);
        }
        java.util.function.Predicate<String> skip = key -> key.equals("_lakefs/dummy");
        CopyPlan once = planner.planRestore(layout, inventory, target, layout.run("r0").resolve("plan"), skip);
        assertThat(items(once)).extracting(CopyItem::target).doesNotContain("a-c", "a/b/c", "c/8", "z",
                "_lakefs/dummy").contains("a", "a/b", "a.b", "c/1");
        for (long budget : List.of(1L, 2L, 3L, 4L, 5L, 19L, 20L, 21L)) {
            Location planPrefix = layout.run("r" + budget).resolve("plan");
            Stepped r = stepped(from -> planner.planRestore(layout, inventory, target, planPrefix, skip, from,
                    budget));
            CopyPlan plan = r.last().plan();
            assertThat(r.invocations()).as("budget %d", budget)
                    .isEqualTo((int) Math.max(1, (TRICKY.size() + budget - 1) / budget));
            assertThat(items(plan)).as("budget %d", budget).containsExactlyElementsOf(items(once));
            assertThat(List.of(plan.totalObjects(), plan.totalBytes(), plan.copyObjects(), plan.copyBytes()))
                    .containsExactly(once.totalObjects(), once.totalBytes(), once.copyObjects(), once.copyBytes());
            assertThat(r.last().checkpoint().totalObjects()).isEqualTo(TRICKY.size());
            assertThat(r.last().checkpoint().inventoryChunks()).isEqualTo(backup.inventoryChunks());
        }
        // a conflict after the first invocation is still found by a later one
        put(target.resolve("c/7"), "something else");
        assertThatThrownBy(() -> stepped(from -> planner.planRestore(layout, inventory, target,
                layout.run("rc").resolve("plan"), skip, from, 3))).isInstanceOf(ConflictException.class)
                .hasMessageContaining("c/7");
    }

    @Test
    void checkpointsAreValidated() {
        assertThatThrownBy(() -> new PlanCheckpoint(null, 0, 0, 1, 1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PlanCheckpoint("a", -1, 0, 1, 1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PlanCheckpoint("a", 0, 0, 1, 1, 2, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PlanProgress.paused(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new PlanProgress(true, PlanCheckpoint.START, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
