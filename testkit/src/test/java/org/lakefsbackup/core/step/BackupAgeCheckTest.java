package org.lakefsbackup.core.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.lakefs.MetaRangeIds;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.model.Manifest;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.testkit.store.InMemoryObjectStore;

/** The RPO check over generated backup locations: never backed up, fresh, stale, broken, still current. */
class BackupAgeCheckTest {
    static final Location ROOT = Location.parse("s3://backups/lakefs");
    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    static final String HEX = "a".repeat(64);
    final InMemoryObjectStore store = new InMemoryObjectStore(Location.Scheme.S3);
    final Storage storage = Storage.of(store);

    GenerationId committed(String repository, Instant at, String suffix) {
        GenerationId id = new GenerationId(GenerationId.timestamp(at) + "-" + suffix);
        BackupLayout layout = new BackupLayout(ROOT, repository);
        Manifest m = new Manifest(Manifest.FORMAT_VERSION, id.value(), at.plusSeconds(60), "test",
                new Manifest.Source("http://lakefs/api/v1", "1.84.0"),
                new Manifest.Repository(repository, "s3://data/" + repository, "main", ""),
                new MetaRangeIds(HEX, HEX, HEX), false, List.of(new Manifest.Branch("main", HEX, false)), List.of(),
                1L, List.of(), Map.of(), new Manifest.InventoryRef(BackupLayout.inventoryPrefix(id), 0, 0, 0),
                List.of(), List.of());
        store.put(layout.manifest(id), Json.write(m));
        return id;
    }

    BackupAges check(double windowHours, String... expected) {
        return BackupAgeCheck.check(storage, new BackupAgeRequest(ROOT.toString(), List.of(expected), windowHours),
                NOW);
    }

    static BackupAges.Repository of(BackupAges ages, String repository) {
        return ages.repositories().stream().filter(r -> r.repository().equals(repository)).findFirst().orElseThrow();
    }

    @Test
    void freshStaleNeverAndBrokenRepositoriesAreTold() {
        committed("fresh", NOW.minus(Duration.ofHours(30)), "aaaa");
        GenerationId newest = committed("fresh", NOW.minus(Duration.ofHours(2)), "bbbb");
        committed("stale", NOW.minus(Duration.ofHours(27)), "cccc");
        GenerationId readable = committed("broken", NOW.minus(Duration.ofHours(40)), "dddd");
        GenerationId damaged = new GenerationId(GenerationId.timestamp(NOW.minus(Duration.ofHours(1))) + "-eeee");
        store.put(new BackupLayout(ROOT, "broken").manifest(damaged), "{not json".getBytes(StandardCharsets.UTF_8));
        // a backup that never committed: objects copied, no generation
        store.put(new BackupLayout(ROOT, "failed").objects().resolve("data/x"), new byte[] {1});

        BackupAges ages = check(26, "configured");

        assertThat(ages.repositories()).extracting(BackupAges.Repository::repository)
                .containsExactly("broken", "configured", "failed", "fresh", "stale");
        BackupAges.Repository fresh = of(ages, "fresh");
        assertThat(fresh.generation()).isEqualTo(newest.value());
        assertThat(fresh.hoursSinceLastBackup()).isEqualTo(2.0);
        assertThat(fresh.overRpo()).isFalse();
        assertThat(of(ages, "stale").hoursSinceLastBackup()).isEqualTo(27.0);
        assertThat(of(ages, "stale").overRpo()).isTrue();
        BackupAges.Repository broken = of(ages, "broken");
        assertThat(broken.generation()).as("an unreadable newest manifest does not count").isEqualTo(readable.value());
        assertThat(broken.hoursSinceLastBackup()).isEqualTo(40.0);
        assertThat(broken.overRpo()).isTrue();
        assertThat(broken.unreadable()).singleElement().asString().startsWith(damaged.value() + ": ");
        for (String never : List.of("configured", "failed")) {
            assertThat(of(ages, never).generation()).isNull();
            assertThat(of(ages, never).hoursSinceLastBackup()).isNull();
            assertThat(of(ages, never).overRpo()).as(never + " was never backed up").isTrue();
        }
        assertThat(ages.over()).extracting(BackupAges.Repository::repository)
                .containsExactly("broken", "configured", "failed", "stale");
        assertThat(ages.maxHoursSinceLastBackup()).isEqualTo(40.0);
    }

    @Test
    void aStillCurrentMarkCountsAsASuccessfulBackup() {
        GenerationId id = committed("idle", NOW.minus(Duration.ofDays(10)), "ffff");
        BackupLayout layout = new BackupLayout(ROOT, "idle");
        GenerationId run = new GenerationId(GenerationId.timestamp(NOW.minus(Duration.ofHours(3))) + "-gggg");
        store.put(layout.stillCurrent(id, run), "{}".getBytes(StandardCharsets.UTF_8));

        BackupAges.Repository idle = of(check(26), "idle");

        assertThat(idle.generation()).isEqualTo(id.value());
        assertThat(idle.lastBackupAt()).isEqualTo(run.time());
        assertThat(idle.hoursSinceLastBackup()).isEqualTo(3.0);
        assertThat(idle.overRpo()).isFalse();
    }

    @Test
    void aForgottenGenerationDoesNotCount() {
        committed("old", NOW.minus(Duration.ofHours(50)), "hhhh");
        GenerationId forgotten = committed("old", NOW.minus(Duration.ofHours(1)), "iiii");
        store.put(new BackupLayout(ROOT, "old").forgotten(forgotten), "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(of(check(26), "old").hoursSinceLastBackup()).isEqualTo(50.0);
    }

    @Test
    void theMetricsArePerRepositoryAndForTheLocation() {
        committed("aaa", NOW.minus(Duration.ofHours(5)), "jjjj");
        committed("bbb", NOW.minus(Duration.ofHours(30)), "kkkk");

        List<StepMetric> metrics = check(26, "ccc").metrics();

        assertThat(metrics).filteredOn(m -> m.name().equals("HoursSinceLastBackup"))
                .extracting(StepMetric::repository, StepMetric::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("aaa", 5.0),
                        org.assertj.core.groups.Tuple.tuple("bbb", 30.0), org.assertj.core.groups.Tuple.tuple(null, 30.0));
        assertThat(metrics).filteredOn(m -> m.name().equals("RepositoriesOverRpo")).singleElement()
                .satisfies(m -> {
                    assertThat(m.value()).as("bbb is stale, ccc was never backed up").isEqualTo(2.0);
                    assertThat(m.repository()).isNull();
                    assertThat(m.level()).isTrue();
                });
        assertThat(metrics).allMatch(StepMetric::level);
    }

    @Test
    void anEmptyLocationHasNothingOverTheWindowUnlessRepositoriesAreExpected() {
        assertThat(check(26).repositories()).isEmpty();
        assertThat(check(26).metrics()).filteredOn(m -> m.name().equals("RepositoriesOverRpo"))
                .extracting(StepMetric::value).containsExactly(0.0);
        assertThat(check(26, "expected").over()).hasSize(1);
        assertThatThrownBy(() -> new BackupAgeRequest(ROOT.toString(), List.of(), 0))
                .isInstanceOf(LakeFsBackupException.class).hasMessageContaining("RPO window");
    }
}
