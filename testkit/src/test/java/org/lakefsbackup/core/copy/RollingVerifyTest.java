package org.lakefsbackup.core.copy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.error.InvalidInputException;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.model.Manifest;
import org.lakefsbackup.core.step.BackupVerifier;
import org.lakefsbackup.core.step.DataSubset;
import org.lakefsbackup.core.step.ReadCoverage;
import org.lakefsbackup.core.step.Settings;
import org.lakefsbackup.core.step.VerifyCheckpoint;
import org.lakefsbackup.core.step.VerifyResult;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.testkit.store.InMemoryObjectStore;

/**
 * Rolling deep verification ({@code verify --read-data-subset n/t}): the subsets 1/t..t/t are disjoint and cover
 * every object, so an object rotted at rest (same size and ETag: no listing sees it) is caught by exactly one of t
 * runs; the generation's coverage records the subsets read and, once all t were, the end of a full pass.
 */
class RollingVerifyTest {
    static final int T = 4;
    static final GenerationId GEN = new GenerationId("20261124T000000000Z-roll");

    final InMemoryObjectStore s3 = InMemoryObjectStore.encrypted(Location.Scheme.S3);
    final Storage storage = Storage.of(s3);
    final Location ns = Location.parse("s3://source/repo1");
    final BackupLayout layout = new BackupLayout(Location.parse("s3://backups/lakefs"), "repo1");
    final BackupVerifier verifier = new BackupVerifier(storage);

    /** Backs up the objects as a backup run does (copies report checksums, verify records them). */
    Manifest.InventoryRef backUp(List<String> keys) {
        for (String k : keys) {
            s3.put(ns.resolve(k), ("content of " + k).getBytes(UTF_8));
        }
        CopyPlanner planner = new CopyPlanner(storage, 8, 16);
        CopyPlan plan = planner.planBackup(ns, layout, BackupLayout.inventoryPrefix(GEN), layout.run("r")
                .resolve("plan"), Settings.defaults()::isMutable);
        ChunkCopier copier = new ChunkCopier(storage, 4, 3);
        for (int i = 0; i < plan.chunks(); i++) {
            assertThat(copier.copyChunk(plan, i, org.lakefsbackup.core.copy.ProgressListener.NONE).failed()).isZero();
        }
        var inventory = new Manifest.InventoryRef(BackupLayout.inventoryPrefix(GEN), plan.inventoryChunks(),
                plan.totalObjects(), plan.totalBytes());
        assertThat(verifier.verifyCopies(layout, GEN.value(), inventory, plan, VerifyCheckpoint.START,
                Long.MAX_VALUE).result().problems()).isEmpty();
        return inventory;
    }

    @Test
    void theSubsetsPartitionTheKeys() {
        List<String> keys = IntStream.range(0, 1000).mapToObj(i -> "data/k" + i).toList();
        for (String k : keys) {
            assertThat(IntStream.rangeClosed(1, T).filter(n -> new DataSubset(n, T).contains(k)).count()).as(k)
                    .isOne();
        }
        for (int n = 1; n <= T; n++) {
            DataSubset s = new DataSubset(n, T);
            assertThat(keys.stream().filter(s::contains).count()).as("subset %s holds about a quarter", s)
                    .isBetween(150L, 350L);
        }
        assertThat(DataSubset.parse(" 3/7 ")).isEqualTo(new DataSubset(3, 7));
        for (String bad : List.of("0/3", "4/3", "3", "a/b", "1/0")) {
            assertThatThrownBy(() -> DataSubset.parse(bad)).as(bad).isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void anObjectRottedAtRestIsCaughtByExactlyOneOfTRunsAndTheRunsRecordAFullPass() {
        List<String> keys = IntStream.range(0, 40).mapToObj(i -> "data/part-" + i).toList();
        Manifest.InventoryRef inventory = backUp(keys);
        String victim = keys.get(17);
        s3.rot(layout.objects().resolve(victim), ("content of " + victim).toUpperCase().getBytes(UTF_8));
        assertThat(verifier.verify(layout, GEN.value(), inventory, (DataSubset) null).ok())
                .as("a listing cannot see bit rot").isTrue();

        List<Integer> caughtBy = new ArrayList<>();
        ReadCoverage coverage = ReadCoverage.none();
        Instant start = Instant.parse("2026-11-30T00:00:00Z");
        for (int n = 1; n <= T; n++) {
            VerifyResult r = verifier.verify(layout, GEN.value(), inventory, new DataSubset(n, T));
            assertThat(r.checked()).isEqualTo(keys.size());
            if (!r.ok()) {
                caughtBy.add(n);
                assertThat(r.problems()).singleElement().asString().startsWith("content differs: " + victim);
            } else {
                coverage = ReadCoverage.record(storage, layout, GEN, new DataSubset(n, T), start.plusSeconds(n));
            }
        }
        assertThat(caughtBy).as("exactly the subset holding the victim").containsExactly(
                IntStream.rangeClosed(1, T).filter(n -> new DataSubset(n, T).contains(victim)).boxed().toList()
                        .toArray(Integer[]::new));
        assertThat(coverage.lastFullPass()).as("a failed subset is not counted: no full pass yet").isNull();
        assertThat(coverage.read(T)).hasSize(T - 1).doesNotContain(caughtBy.get(0));
        assertThat(ReadCoverage.load(storage, layout, GEN)).as("recorded beside the manifest").isEqualTo(coverage);

        s3.rot(layout.objects().resolve(victim), ("content of " + victim).getBytes(UTF_8)); // repaired in place
        DataSubset missed = new DataSubset(caughtBy.get(0), T);
        assertThat(verifier.verify(layout, GEN.value(), inventory, missed).ok()).isTrue();
        Instant end = start.plusSeconds(60);
        ReadCoverage full = ReadCoverage.record(storage, layout, GEN, missed, end);
        assertThat(full.lastFullPass()).as("every subset of %d read", T).isEqualTo(end);
        assertThat(full.read(T)).as("a new pass starts").isEmpty();
        assertThat(ReadCoverage.load(storage, layout, GEN).lastFullPass()).isEqualTo(end);
    }
    @Test
    void aReadBudgetStopsAnInvocationAfterThatManyObjectsReadAndTheNextGoesOn() {
        List<String> keys = IntStream.range(0, 10).mapToObj(i -> "data/budget-" + i).toList();
        Manifest.InventoryRef inventory = backUp(keys);
        VerifyCheckpoint at = VerifyCheckpoint.START;
        int invocations = 0;
        org.lakefsbackup.core.step.VerifyProgress p;
        do {
            p = verifier.verify(layout, GEN.value(), inventory, DataSubset.ALL, at, Long.MAX_VALUE, 3, Long.MAX_VALUE);
            at = p.checkpoint();
            invocations++;
            assertThat(at.read()).isLessThanOrEqualTo(3L * invocations);
        } while (!p.done());
        assertThat(invocations).isEqualTo(4);
        assertThat(p.result().ok()).isTrue();
        assertThat(at.read()).as("every object read once").isEqualTo(keys.size());
        assertThat(verifier.verify(layout, GEN.value(), inventory, DataSubset.ALL, VerifyCheckpoint.START,
                Long.MAX_VALUE, Long.MAX_VALUE, 1).checkpoint().read()).as("a byte budget of 1: one object").isOne();
    }
}
