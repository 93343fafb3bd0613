package org.lakefsbackup.core.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.error.InvalidManifestException;
import org.lakefsbackup.core.lakefs.MetaRangeIds;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.model.Manifest;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.testkit.store.InMemoryObjectStore;

/** Manifests are checked when they are read, before a restore writes anything. */
class ManifestChecksTest {
    static final String C = "c".repeat(64);
    static final GenerationId ID = new GenerationId("20261130T100000000Z-abcd");

    final InMemoryObjectStore s3 = new InMemoryObjectStore(Location.Scheme.S3);
    final Storage storage = Storage.of(s3);
    final BackupLayout layout = new BackupLayout(Location.parse("s3://backups/x"), "repo1");

    Manifest manifest(List<Manifest.Branch> branches, List<Manifest.Tag> tags, String inventoryPrefix) {
        return new Manifest(Manifest.FORMAT_VERSION, ID.value(), Instant.parse("2026-11-30T10:00:00Z"), "test",
                new Manifest.Source("http://lakefs", "1.84.0"),
                new Manifest.Repository("repo1", "s3://source/repo1", "main", ""), new MetaRangeIds(C, C, C), false,
                branches, tags, 1L, List.of(), Map.of(), new Manifest.InventoryRef(inventoryPrefix, 0, 0, 0), List.of(),
                List.of());
    }

    Manifest stored(Manifest m) {
        s3.put(layout.manifest(ID), Json.write(m));
        return new Generations(storage).read(layout, ID);
    }

    @Test
    void aWellFormedManifestReads() {
        Manifest m = stored(manifest(List.of(new Manifest.Branch("main", C, false)),
                List.of(new Manifest.Tag("v1.0", C)), BackupLayout.inventoryPrefix(ID)));
        assertThat(m.branches()).hasSize(1);
    }

    @Test
    void badRefsOrAForeignInventoryAreInvalidBackupData() {
        String own = BackupLayout.inventoryPrefix(ID);
        for (Manifest bad : List.of(
                manifest(List.of(new Manifest.Branch("../main", C, false)), List.of(), own),
                manifest(List.of(new Manifest.Branch("main", "not-a-commit", false)), List.of(), own),
                manifest(List.of(), List.of(new Manifest.Tag("v 1", C)), own),
                manifest(List.of(), List.of(new Manifest.Tag("a..b", C)), own),
                manifest(List.of(), List.of(), "generations/20261130T090000000Z-zzzz/inventory"),
                manifest(List.of(), List.of(), "../other-repo/generations/x/inventory"))) {
            assertThatThrownBy(() -> stored(bad)).as(bad.toString()).isInstanceOf(InvalidManifestException.class);
        }
    }
}
