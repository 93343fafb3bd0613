package org.lakefsbackup.core.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.testkit.store.InMemoryObjectStore;

class GenerationsTest {
    static final Location ROOT = Location.parse("s3://backups/lakefs");
    final InMemoryObjectStore store = new InMemoryObjectStore(Location.Scheme.S3);
    final Generations generations = new Generations(Storage.of(store));
    final BackupLayout layout = new BackupLayout(ROOT, "repo-a");

    void committed(BackupLayout l, String id) {
        store.put(l.manifest(new GenerationId(id)), "{}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void latestAWholeIdAndAUniquePrefixNameOneGeneration() {
        committed(layout, "20261124T035154123Z-k3x9");
        committed(layout, "20261125T010000000Z-ab12");
        committed(layout, "20261125T020000000Z-cd34");
        assertThat(generations.resolve(layout, "latest").value()).isEqualTo("20261125T020000000Z-cd34");
        assertThat(generations.resolve(layout, null).value()).isEqualTo("20261125T020000000Z-cd34");
        assertThat(generations.resolve(layout, "20261124T035154123Z-k3x9").value())
                .isEqualTo("20261124T035154123Z-k3x9");
        assertThat(generations.resolve(layout, "20261124").value()).isEqualTo("20261124T035154123Z-k3x9");
        assertThat(generations.resolve(layout, "20261125T01").value()).isEqualTo("20261125T010000000Z-ab12");
    }

    @Test
    void anAmbiguousPrefixIsInvalidInputNamingTheCandidatesAndAnUnknownOneIsNotFound() {
        committed(layout, "20261125T010000000Z-ab12");
        committed(layout, "20261125T020000000Z-cd34");
        assertThatThrownBy(() -> generations.resolve(layout, "20261125"))
                .isInstanceOfSatisfying(LakeFsBackupException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.INVALID_INPUT))
                .hasMessageContaining("ambiguous").hasMessageContaining("20261125T010000000Z-ab12")
                .hasMessageContaining("20261125T020000000Z-cd34");
        assertThatThrownBy(() -> generations.resolve(layout, "2027"))
                .isInstanceOfSatisfying(LakeFsBackupException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> generations.resolve(layout, "yesterday"))
                .isInstanceOfSatisfying(LakeFsBackupException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.INVALID_INPUT));
        assertThat(GenerationId.isPrefix("20261125T0")).isTrue();
        assertThat(GenerationId.isPrefix("20261125X")).isFalse();
        assertThat(GenerationId.isPrefix("")).isFalse();
    }

    @Test
    void repositoriesAreFoundWithOneListingEachAndOtherFoldersAreSkipped() {
        for (String repo : new String[] {"repo-a", "repo-b", "repo-b0", "zz9"}) {
            BackupLayout l = new BackupLayout(ROOT, repo);
            for (int i = 0; i < 5; i++) {
                store.put(l.objects().resolve("data/x" + i), new byte[] {1});
            }
            committed(l, "20261125T010000000Z-ab12");
        }
        store.put(ROOT.resolve("Not_A_Repo/readme"), new byte[] {1});
        store.put(ROOT.resolve("loose-file"), new byte[] {1});
        store.resetCounts();
        assertThat(generations.repositories(ROOT)).containsExactly("repo-a", "repo-b", "repo-b0", "zz9");
        assertThat(store.count("list")).isLessThanOrEqualTo(7);
    }
}
