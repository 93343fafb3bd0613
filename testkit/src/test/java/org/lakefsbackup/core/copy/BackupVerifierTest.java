package org.lakefsbackup.core.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.model.InventoryEntry;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.model.JsonLinesChunks;
import org.lakefsbackup.core.model.Manifest;
import org.lakefsbackup.core.step.BackupVerifier;
import org.lakefsbackup.core.step.Settings;
import org.lakefsbackup.core.step.VerifyCheckpoint;
import org.lakefsbackup.core.step.VerifyProgress;
import org.lakefsbackup.core.step.VerifyResult;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.testkit.store.InMemoryObjectStore;

/** Verifying a generation in small budgets (resumed from checkpoints) gives the same result as one run. */
class BackupVerifierTest {
    static final String GEN = "20261124T000000000Z-aaaa";
    static final String MUTABLE_KEY = "_lakefs/retention/gc/rules/config.json";

    final InMemoryObjectStore s3 = new InMemoryObjectStore(Location.Scheme.S3);
    final Storage storage = Storage.of(s3);
    final Location ns = Location.parse("s3://source/repo1");
    final BackupLayout layout = new BackupLayout(Location.parse("s3://backups/lakefs"), "repo1");
    /** Inventory chunks of 4 entries, so budgets cross chunk boundaries. */
    final CopyPlanner planner = new CopyPlanner(storage, 3, 4);
    final BackupVerifier verifier = new BackupVerifier(storage);

    void put(Location l, String content) {
        s3.put(l, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Backs up the tricky keys (one of them mutable) and returns the generation's inventory. */
    Manifest.InventoryRef backup() {
        for (String k : CopyPlannerTest.TRICKY) {
            put(ns.resolve(k), "content of " + k);
        }
        put(layout.objects().resolve("a-b"), "held but not in this generation");
        CopyPlan plan = planner.planBackup(ns, layout, BackupLayout.inventoryPrefix(new GenerationId(GEN)),
                layout.run(GEN).resolve("plan"), Settings.defaults()::isMutable);
        ChunkCopier copier = new ChunkCopier(storage, 4, 3);
        for (int i = 0; i < plan.chunks(); i++) {
            assertThat(copier.copyChunk(plan, i, ProgressListener.NONE).failed()).isZero();
        }
        assertThat(plan.inventoryChunks()).isEqualTo(5);
        return new Manifest.InventoryRef(BackupLayout.inventoryPrefix(new GenerationId(GEN)), plan.inventoryChunks(),
                plan.totalObjects(), plan.totalBytes());
    }

    record Stepped(VerifyProgress last, int invocations) {
    }

    /** Verifies in invocations, each one run twice (a retried invocation) from the same stored checkpoint. */
    static Stepped stepped(Function<VerifyCheckpoint, VerifyProgress> invocation) {
        VerifyCheckpoint from = VerifyCheckpoint.START;
        int invocations = 0;
        while (true) {
            VerifyProgress first = invocation.apply(from);
            VerifyProgress retried = invocation.apply(from);
            assertThat(retried).isEqualTo(first);
            invocations++;
            VerifyProgress stored = Json.read(Json.write(first), VerifyProgress.class, ErrorCode.INVALID_MANIFEST,
                    "p");
            assertThat(stored).isEqualTo(first);
            if (stored.done()) {
                return new Stepped(stored, invocations);
            }
            assertThat(invocations).isLessThan(100);
            from = stored.checkpoint();
        }
    }

    void assertBudgetsGive(Manifest.InventoryRef inventory, VerifyResult once) {
        int n = CopyPlannerTest.TRICKY.size();
        for (long budget : List.of(1L, 2L, 3L, 7L, (long) n, n + 1L)) {
            Stepped r = stepped(from -> verifier.verify(layout, GEN, inventory, false, from, budget));
            assertThat(r.invocations()).as("budget %d", budget).isEqualTo((int) Math.max(1, (n + budget - 1) / budget));
            assertThat(r.last().result()).as("budget %d", budget).isEqualTo(once);
            assertThat(r.last().checkpoint().checked()).isEqualTo(n);
            assertThat(r.last().checkpoint().lastKey()).isEqualTo("z");
            assertThat(r.last().checkpoint().inventoryChunk()).isEqualTo(inventory.chunks());
        }
    }

    @Test
    void aGoodBackupVerifiedInSmallBudgetsEqualsOneVerifiedAtOnce() {
        Manifest.InventoryRef inventory = backup();
        VerifyResult once = verifier.verify(layout, GEN, inventory, false);
        assertThat(once.ok()).isTrue();
        assertThat(once.checked()).isEqualTo(CopyPlannerTest.TRICKY.size());
        assertThat(once.problems()).isEmpty();
        assertBudgetsGive(inventory, once);
        assertThat(verifier.verify(layout, GEN, inventory, true).ok()).as("deep").isTrue();
    }

    @Test
    void missingMismatchedAndMutableProblemsAreFoundWhateverTheBudget() {
        Manifest.InventoryRef inventory = backup();
        List<InventoryEntry> entries = JsonLinesChunks.stream(storage, layout.repositoryRoot()
                .resolve(inventory.prefix()), inventory.chunks(), InventoryEntry.class).toList();
        String mutableStored = entries.stream().filter(e -> e.key().equals(MUTABLE_KEY)).findFirst().orElseThrow()
                .stored();
        assertThat(mutableStored).startsWith(BackupLayout.MUTABLE + "/");
        s3.delete(layout.objects().resolve("c/2"));
        put(layout.objects().resolve("c/7"), "other size");
        put(layout.repositoryRoot().resolve(mutableStored), "a mutable version of another size");
        s3.delete(layout.objects().resolve("z"));

        VerifyResult once = verifier.verify(layout, GEN, inventory, false);
        assertThat(once.ok()).isFalse();
        assertThat(once.missing()).isEqualTo(2);
        assertThat(once.mismatched()).isEqualTo(2);
        assertThat(once.problems()).containsExactly("differs: " + MUTABLE_KEY + " (size 33, expected "
                + ("content of " + MUTABLE_KEY).length() + ")", "missing: c/2",
                "differs: c/7 (size 10, expected 14)", "missing: z");
        assertBudgetsGive(inventory, once);

        // a missing mutable version too
        s3.delete(layout.repositoryRoot().resolve(mutableStored));
        VerifyResult without = verifier.verify(layout, GEN, inventory, false);
        assertThat(without.missing()).isEqualTo(3);
        assertThat(without.problems()).startsWith("missing: " + MUTABLE_KEY);
        assertBudgetsGive(inventory, without);
    }

    @Test
    void aCountDifferenceAndABadBudgetAreReported() {
        Manifest.InventoryRef inventory = backup();
        var wrong = new Manifest.InventoryRef(inventory.prefix(), inventory.chunks(), inventory.objects() + 1,
                inventory.bytes());
        VerifyResult once = verifier.verify(layout, GEN, wrong, false);
        assertThat(once.problems().get(0)).startsWith("inventory holds 20 entries, manifest says 21");
        assertBudgetsGive(wrong, once);
        assertThatThrownBy(() -> verifier.verify(layout, GEN, inventory, false, VerifyCheckpoint.START, 0))
                .hasMessageContaining("budget");
        assertThatThrownBy(() -> new VerifyCheckpoint(null, 0, 1, 0, 0, List.of(), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VerifyProgress.paused(null)).isInstanceOf(NullPointerException.class);
    }
}
