package org.lakefsbackup.core.copy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.CopyItem;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.model.InventoryEntry;
import org.lakefsbackup.core.model.JsonLinesChunks;
import org.lakefsbackup.core.model.Manifest;
import org.lakefsbackup.core.step.BackupVerifier;
import org.lakefsbackup.core.step.Settings;
import org.lakefsbackup.core.step.VerifyCheckpoint;
import org.lakefsbackup.core.step.VerifyResult;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.testkit.store.InMemoryObjectStore;

/**
 * A backup with a previous generation takes what the backup holds from that generation's inventory: it lists only
 * the namespace, copies only what is new or changed, and its verification lists nothing.
 */
class IncrementalPlanTest {
    final InMemoryObjectStore s3 = InMemoryObjectStore.encrypted(Location.Scheme.S3);
    final Storage storage = Storage.of(s3);
    final Location ns = Location.parse("s3://source/repo1");
    final BackupLayout layout = new BackupLayout(Location.parse("s3://backups/lakefs"), "repo1");
    final CopyPlanner planner = new CopyPlanner(storage, 3, 4);
    final ChunkCopier copier = new ChunkCopier(storage, 4, 3);

    void put(String key, String content) {
        s3.put(ns.resolve(key), content.getBytes(UTF_8));
    }

    Manifest.InventoryRef inventory(String gen, CopyPlan plan) {
        return new Manifest.InventoryRef(BackupLayout.inventoryPrefix(new GenerationId(gen)), plan.inventoryChunks(),
                plan.totalObjects(), plan.totalBytes());
    }

    /** Plans (from {@code previous} when given), copies and verifies a generation; returns its plan. */
    CopyPlan backUp(String gen, Manifest.InventoryRef previous) {
        CopyPlan plan = planner.planBackup(ns, layout, BackupLayout.inventoryPrefix(new GenerationId(gen)),
                layout.run(gen).resolve("plan"), Settings.defaults()::isMutable, previous, PlanCheckpoint.START,
                Long.MAX_VALUE).plan();
        for (int i = 0; i < plan.chunks(); i++) {
            assertThat(copier.copyChunk(plan, i, ProgressListener.NONE).failed()).isZero();
        }
        VerifyResult verified = new BackupVerifier(storage).verifyCopies(layout, gen, inventory(gen, plan), plan,
                VerifyCheckpoint.START, Long.MAX_VALUE).result();
        assertThat(verified.problems()).isEmpty();
        return plan;
    }

    List<CopyItem> items(CopyPlan plan) {
        return JsonLinesChunks.stream(storage, Location.parse(plan.planPrefix()), plan.chunks(), CopyItem.class)
                .toList();
    }

    List<InventoryEntry> entries(String gen, CopyPlan plan) {
        return JsonLinesChunks.stream(storage, layout.repositoryRoot().resolve(inventory(gen, plan).prefix()),
                plan.inventoryChunks(), InventoryEntry.class).toList();
    }

    @Test
    void listsOnlyTheNamespaceAndCopiesOnlyWhatIsNew() {
        for (int i = 0; i < 10; i++) {
            put("data/a/" + i, "content " + i);
        }
        put("_lakefs/retention/gc/rules/config.json", "rules v1");
        CopyPlan first = backUp("20261124T000000000Z-aaaa", null);
        assertThat(first.copyObjects()).isEqualTo(11);

        put("data/b/new", "new object");
        put("_lakefs/retention/gc/rules/config.json", "rules v2");
        s3.resetCounts();
        CopyPlan second = backUp("20261125T000000000Z-bbbb", inventory("20261124T000000000Z-aaaa", first));

        assertThat(items(second)).extracting(CopyItem::source)
                .containsExactly("_lakefs/retention/gc/rules/config.json", "data/b/new");
        assertThat(s3.count("list")).as("the namespace only: neither objects/ nor mutable/").isOne();
        assertThat(s3.count("copy")).isEqualTo(2);
        List<InventoryEntry> entries = entries("20261125T000000000Z-bbbb", second);
        assertThat(entries).hasSize(12).allSatisfy(e -> {
            assertThat(e.checksum()).as(e.key()).isNotNull();
            assertThat(e.storedEtag()).as(e.key()).isNotNull();
        });
        assertThat(entries).filteredOn(e -> e.key().startsWith("data/a/"))
                .containsExactlyElementsOf(entries("20261124T000000000Z-aaaa", first).stream()
                        .filter(e -> e.key().startsWith("data/a/")).toList());
        assertThat(new BackupVerifier(storage).verify(layout, "g", inventory("20261125T000000000Z-bbbb", second),
                true).problems()).as("the generation holds up to a full deep verify").isEmpty();
    }

    @Test
    void anUnchangedBackupCopiesNothing() {
        for (int i = 0; i < 7; i++) {
            put("data/" + i, "content " + i);
        }
        CopyPlan first = backUp("20261124T000000000Z-aaaa", null);
        s3.resetCounts();
        CopyPlan second = backUp("20261125T000000000Z-bbbb", inventory("20261124T000000000Z-aaaa", first));
        assertThat(second.copyObjects()).isZero();
        assertThat(s3.count("copy")).isZero();
        assertThat(s3.count("list")).isOne();
    }

    @Test
    void anObjectThatChangedSinceThePreviousGenerationIsCopiedAgain() {
        put("data/x", "same size A");
        put("data/y", "y");
        CopyPlan first = backUp("20261124T000000000Z-aaaa", null);
        put("data/x", "same size B"); // a new ETag: the source says it is another object
        put("data/y", "longer y");
        CopyPlan second = backUp("20261125T000000000Z-bbbb", inventory("20261124T000000000Z-aaaa", first));
        assertThat(items(second)).extracting(CopyItem::source).containsExactly("data/x", "data/y");
    }

    @Test
    void anInventoryWrittenBeforeChecksumsIsTrustedBySize() {
        put("data/x", "x");
        put("data/y", "y");
        CopyPlan first = backUp("20261124T000000000Z-aaaa", null);
        // rewrite the first generation's inventory as an older version wrote it: no checksum, another ETag form
        Location root = layout.repositoryRoot().resolve(inventory("20261124T000000000Z-aaaa", first).prefix());
        List<InventoryEntry> old = entries("20261124T000000000Z-aaaa", first).stream()
                .map(e -> new InventoryEntry(e.key(), e.size(), "0123456789abcdef0123456789abcdef", e.stored()))
                .toList();
        JsonLinesChunks.writeChunk(storage, root, 0, old);
        CopyPlan second = backUp("20261125T000000000Z-bbbb", inventory("20261124T000000000Z-aaaa", first));
        assertThat(second.copyObjects()).isZero();
    }

    @Test
    void aPlanResumedInSmallBudgetsEqualsOneMadeAtOnce() {
        for (int i = 0; i < 20; i++) {
            put("data/" + (char) ('a' + i % 5) + "/" + i, "content " + i);
        }
        CopyPlan first = backUp("20261124T000000000Z-aaaa", null);
        for (int i = 20; i < 26; i++) {
            put("data/" + (char) ('a' + i % 5) + "/" + i, "content " + i);
        }
        Manifest.InventoryRef previous = inventory("20261124T000000000Z-aaaa", first);
        CopyPlan once = planner.planBackup(ns, layout, BackupLayout.inventoryPrefix(new GenerationId(
                "20261125T000000000Z-once")), layout.run("once").resolve("plan"), k -> false, previous,
                PlanCheckpoint.START, Long.MAX_VALUE).plan();
        for (long budget : List.of(1L, 3L, 7L)) {
            String gen = "20261125T0000000" + (10 + budget) + "Z-bbbb";
            Location prefix = layout.run(gen).resolve("plan");
            PlanCheckpoint from = PlanCheckpoint.START;
            PlanProgress progress;
            do {
                progress = planner.planBackup(ns, layout, BackupLayout.inventoryPrefix(new GenerationId(gen)), prefix,
                        k -> false, previous, from, budget);
                from = progress.checkpoint();
            } while (!progress.done());
            assertThat(items(progress.plan())).as("budget %d", budget).containsExactlyElementsOf(items(once));
            assertThat(entries(gen, progress.plan())).as("budget %d", budget)
                    .containsExactlyElementsOf(entries("20261125T000000000Z-once", once));
        }
        assertThat(once.copyObjects()).isEqualTo(6);
    }
}
