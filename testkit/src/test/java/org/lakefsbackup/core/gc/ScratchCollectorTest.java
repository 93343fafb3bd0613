package org.lakefsbackup.core.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.lease.Lease;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.core.store.local.LocalObjectStore;
import org.lakefsbackup.testkit.ManualClock;
import org.lakefsbackup.testkit.store.InMemoryObjectStore;

class ScratchCollectorTest {
    static final Location BACKUP = Location.parse("s3://backups/lakefs");
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration DAY = Duration.ofHours(24);

    final ManualClock clock = new ManualClock(T0);
    final InMemoryObjectStore store = new InMemoryObjectStore(Location.Scheme.S3, clock);
    final ScratchCollector gc = new ScratchCollector(Storage.of(store), clock);

    void put(String key) {
        store.put(BACKUP.resolve(key), key.getBytes(StandardCharsets.UTF_8));
    }

    void lease(String name, String runId, Instant expires) {
        store.put(BACKUP.resolve("_runs/" + name + "/lease.json"), Json.write(new Lease(name, "restore", runId,
                runId, "host-a", 100L, "", expires.minus(Duration.ofMinutes(10)), expires.minus(Duration.ofMinutes(10)),
                expires)));
    }

    Map<String, String> everything() {
        try (Stream<ObjectInfo> s = store.list(BACKUP, null)) {
            Map<String, String> m = new TreeMap<>();
            s.forEach(o -> m.put(o.key(), o.etag()));
            return m;
        }
    }

    /**
     * A day ago: a committed generation and its objects, an abandoned backup (scratch and an inventory without
     * manifest), a restore into another name whose lease is still live, a restore target's lease that expired then.
     * An hour ago: another run's scratch.
     */
    void abandonedAndLiveRuns() {
        put("sales/objects/data/a");
        put("sales/generations/G1/inventory/part-00000.jsonl.gz");
        put("sales/generations/G1/manifest.json");
        put("sales/generations/G2/inventory/part-00000.jsonl.gz");
        put("_runs/sales/G2/prepared.json");
        put("_runs/sales/G2/plan/part-00000.jsonl.gz");
        put("_runs/sales/R1/restore.json");
        put("sales/restores/abc.json");
        lease("old-target", "R0", T0.plus(Duration.ofMinutes(10)));
        clock.advance(DAY.plusHours(1));
        put("_runs/sales/R3/restore.json");
        lease("sales-copy", "R1", clock.instant().plus(Duration.ofHours(2))); // renewed: live at gc time
        clock.advance(Duration.ofHours(1));
    }

    @Test
    void aDryRunReportsWhatWouldGoAndRemovesNothing() {
        abandonedAndLiveRuns();
        Map<String, String> before = everything();
        List<ScratchCollector.Report> reports = gc.collect(BACKUP, null, DAY, true);
        assertThat(everything()).isEqualTo(before);
        assertReports(reports, true);
    }

    @Test
    void oldAbandonedScratchIncompleteGenerationsAndExpiredLeasesGoTheRestStays() {
        abandonedAndLiveRuns();
        Map<String, String> expected = everything();
        expected.keySet().removeIf(k -> k.startsWith("_runs/sales/G2/") || k.startsWith("sales/generations/G2/")
                || k.equals("_runs/old-target/lease.json"));
        assertReports(gc.collect(BACKUP, null, DAY, false), false);
        assertThat(everything()).isEqualTo(expected);
        assertThat(gc.collect(BACKUP, null, DAY, false)).as("nothing left to do").allMatch(r -> r.objects() == 0);
    }

    private static void assertReports(List<ScratchCollector.Report> reports, boolean dryRun) {
        assertThat(reports).extracting(ScratchCollector.Report::repository)
                .containsExactly("old-target", "sales", "sales-copy");
        ScratchCollector.Report sales = reports.get(1);
        assertThat(sales.runs()).containsExactly("G2");
        assertThat(sales.generations()).containsExactly("G2");
        assertThat(sales.objects()).isEqualTo(3);
        assertThat(sales.dryRun()).isEqualTo(dryRun);
        assertThat(sales.skipped()).contains("R1");
        assertThat(reports.get(0).expiredLease()).isTrue();
        assertThat(reports.get(2).expiredLease()).isFalse();
        assertThat(reports.get(2).runs()).isEmpty();
    }

    @Test
    void oneRepositoryOnlyAndTheRunOfItsOwnLiveLeaseIsKept() {
        abandonedAndLiveRuns();
        lease("sales", "G2", clock.instant().plus(Duration.ofMinutes(5)));
        ScratchCollector.Report r = gc.collect(BACKUP, "sales", Duration.ZERO, false).get(0);
        assertThat(r.runs()).as("R1 and G2 hold leases").containsExactly("R3");
        assertThat(r.generations()).isEmpty();
        assertThat(r.skipped()).contains("G2").contains("R1");
        assertThat(everything()).as("another name is not collected").containsKey("_runs/old-target/lease.json");
        assertThat(everything()).as("a live run's scratch and inventory").containsKey("_runs/sales/G2/prepared.json")
                .containsKey("sales/generations/G2/inventory/part-00000.jsonl.gz");
    }

    @Test
    void aLeaseThatExpiredLessThanTheAgeAgoStays() {
        lease("sales", "G9", T0.plus(Duration.ofMinutes(10)));
        clock.advance(Duration.ofHours(2));
        assertThat(gc.collect(BACKUP, "sales", DAY, false).get(0).expiredLease()).isFalse();
        assertThat(everything()).containsKey("_runs/sales/lease.json");
        assertThat(gc.collect(BACKUP, "sales", Duration.ofHours(1), false).get(0).expiredLease()).isTrue();
        assertThat(everything()).doesNotContainKey("_runs/sales/lease.json");
    }

    @Test
    void aNegativeAgeIsInvalid() {
        assertThatThrownBy(() -> gc.collect(BACKUP, null, Duration.ofHours(-1), true))
                .isInstanceOf(ErrorCode.INVALID_INPUT.exceptionClass());
    }

    @Test
    void oldTemporaryFilesOfInterruptedWritesGoOnFileLocationsOnly(@TempDir Path dir) throws Exception {
        Path old = dir.resolve("sales/objects/" + LocalObjectStore.TEMP_PREFIX + "old");
        Path fresh = dir.resolve("sales/objects/" + LocalObjectStore.TEMP_PREFIX + "fresh");
        Path data = dir.resolve("sales/objects/data");
        Files.createDirectories(old.getParent());
        for (Path p : List.of(old, fresh, data)) {
            Files.writeString(p, "1234");
        }
        FileTime twoDaysAgo = FileTime.from(Instant.now().minus(Duration.ofDays(2)));
        Files.setLastModifiedTime(old, twoDaysAgo);
        Files.setLastModifiedTime(data, twoDaysAgo);
        ScratchCollector local = new ScratchCollector(Storage.of(LocalObjectStore.filesOnly()), Clock.systemUTC());
        Location backup = Location.parse(dir.toUri().toString().replaceAll("/$", ""));

        assertThat(local.collectTempFiles(backup, DAY, true)).isEqualTo(new ScratchCollector.TempFiles(1, 4));
        assertThat(old).exists();
        assertThat(local.collectTempFiles(backup, DAY, false)).isEqualTo(new ScratchCollector.TempFiles(1, 4));
        assertThat(old).doesNotExist();
        assertThat(fresh).exists();
        assertThat(data).exists();
        assertThat(gc.collectTempFiles(BACKUP, Duration.ZERO, false)).isEqualTo(new ScratchCollector.TempFiles(0, 0));
    }
}
