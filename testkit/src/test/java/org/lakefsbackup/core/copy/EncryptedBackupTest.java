package org.lakefsbackup.core.copy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.VerificationFailedException;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.model.InventoryEntry;
import org.lakefsbackup.core.model.JsonLinesChunks;
import org.lakefsbackup.core.model.Manifest;
import org.lakefsbackup.core.step.BackupVerifier;
import org.lakefsbackup.core.step.Settings;
import org.lakefsbackup.core.step.VerifyCheckpoint;
import org.lakefsbackup.core.step.VerifyResult;
import org.lakefsbackup.core.store.ChecksumAlgorithm;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.testkit.store.InMemoryObjectStore;

/**
 * Backups on a store whose ETags look like MD5s but are not (S3 with SSE-KMS): content identity comes from the
 * checksums the copies report, so a backup verifies (deep too), an unchanged backup copies nothing, and damaged
 * backup data fails a deep verify and a restore.
 */
class EncryptedBackupTest {
    static final List<String> KEYS = List.of("data/a/1", "data/a/2", "data/b/3", "_lakefs/" + "c".repeat(64),
            "_lakefs/retention/gc/rules/config.json");

    final InMemoryObjectStore s3 = InMemoryObjectStore.encrypted(Location.Scheme.S3);
    final Storage storage = Storage.of(s3);
    final Location ns = Location.parse("s3://source/repo1");
    final BackupLayout layout = new BackupLayout(Location.parse("s3://backups/lakefs"), "repo1");
    final CopyPlanner planner = new CopyPlanner(storage, 2, 3);
    final BackupVerifier verifier = new BackupVerifier(storage);
    final ChunkCopier copier = new ChunkCopier(storage, 4, 3);

    /** Plans, copies and verifies a generation as a backup run does; returns its plan and inventory. */
    record Backup(CopyPlan plan, Manifest.InventoryRef inventory) {
    }

    Backup backUp(String gen) {
        CopyPlan plan = planner.planBackup(ns, layout, BackupLayout.inventoryPrefix(new GenerationId(gen)),
                layout.run(gen).resolve("plan"), Settings.defaults()::isMutable);
        for (int i = 0; i < plan.chunks(); i++) {
            assertThat(copier.copyChunk(plan, i, ProgressListener.NONE).failed()).isZero();
        }
        var inventory = new Manifest.InventoryRef(BackupLayout.inventoryPrefix(new GenerationId(gen)),
                plan.inventoryChunks(), plan.totalObjects(), plan.totalBytes());
        VerifyResult verified = verifier.verifyCopies(layout, gen, inventory, plan, VerifyCheckpoint.START,
                Long.MAX_VALUE).result();
        assertThat(verified.problems()).isEmpty();
        return new Backup(plan, inventory);
    }

    Backup backUpSource() {
        for (String k : KEYS) {
            s3.put(ns.resolve(k), ("content of " + k).getBytes(UTF_8));
        }
        return backUp("20261124T000000000Z-aaaa");
    }

    @Test
    void aBackupRecordsTheChecksumsItsCopiesReportedAndVerifiesDeeply() {
        Backup b = backUpSource();
        List<InventoryEntry> entries = JsonLinesChunks.stream(storage, layout.repositoryRoot()
                .resolve(b.inventory().prefix()), b.inventory().chunks(), InventoryEntry.class).toList();
        assertThat(entries).hasSize(KEYS.size()).allSatisfy(e -> {
            assertThat(e.checksum()).isNotNull();
            assertThat(e.checksum().algorithm()).isEqualTo(ChecksumAlgorithm.CRC64NVME);
            assertThat(e.storedEtag()).isNotNull().isNotEqualTo(e.etag());
        });
        VerifyResult listed = verifier.verify(layout, "g", b.inventory(), false);
        assertThat(listed.problems()).isEmpty();
        VerifyResult deep = verifier.verify(layout, "g", b.inventory(), true);
        assertThat(deep.problems()).as("no MD5 of the content is compared with an ETag that is none").isEmpty();
    }

    @Test
    void anUnchangedBackupCopiesNothingAlthoughNoEtagIsAnMd5() {
        backUpSource();
        Backup second = backUp("20261125T000000000Z-bbbb");
        assertThat(second.plan().copyObjects()).isZero();
        assertThat(verifier.verify(layout, "g", second.inventory(), true).ok()).isTrue();
    }

    @Test
    void damagedBackupDataFailsAVerifyAndARestoreNamingTheKey() {
        Backup b = backUpSource();
        Location victim = layout.objects().resolve("data/a/2");
        s3.rot(victim, "CONTENT of data/a/2".getBytes(UTF_8));

        assertThat(verifier.verify(layout, "g", b.inventory(), false).ok()).as("a listing cannot see bit rot")
                .isTrue();
        VerifyResult deep = verifier.verify(layout, "g", b.inventory(), true);
        assertThat(deep.problems()).singleElement().asString().startsWith("content differs: data/a/2");

        Location target = Location.parse("s3://target/restored");
        CopyPlan restore = planner.planRestore(layout, b.inventory(), target, layout.run("r").resolve("plan"),
                key -> false);
        CopySummary copied = CopySummary.empty();
        for (int i = 0; i < restore.chunks(); i++) {
            copied = copied.plus(copier.copyChunk(restore, i, ProgressListener.NONE));
        }
        assertThat(copied.mismatched()).isOne();
        assertThat(copied.copied()).isEqualTo(KEYS.size() - 1);
        assertThat(copied.failures()).singleElement().satisfies(f -> {
            assertThat(f.key()).isEqualTo("objects/data/a/2");
            assertThat(f.code()).isEqualTo(ErrorCode.VERIFICATION_FAILED);
        });
        assertThat(s3.head(target.resolve("data/a/2"))).as("the damaged copy is deleted again").isEmpty();
        assertThatThrownBy(copied::requireNoMismatch).isInstanceOf(VerificationFailedException.class)
                .hasMessageContaining("objects/data/a/2");

        // a resumed restore copies the damaged object again, and fails again
        CopyPlan resumed = planner.planRestore(layout, b.inventory(), target, layout.run("r2").resolve("plan"),
                key -> false);
        assertThat(resumed.copyObjects()).isOne();
    }

    @Test
    void anObjectReplacedInTheBackupFailsAListingVerifyByItsEtag() {
        Backup b = backUpSource();
        s3.corrupt(layout.objects().resolve("data/b/3"), "content of data/b/X".getBytes(UTF_8));
        VerifyResult listed = verifier.verify(layout, "g", b.inventory(), false);
        assertThat(listed.problems()).singleElement().asString().startsWith("differs: data/b/3 (ETag ");
    }
}
