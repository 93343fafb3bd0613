package org.lakefsbackup.testkit.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.lakefsbackup.core.step.BackupRequest;
import org.lakefsbackup.core.step.RollingVerifyEntry;
import org.lakefsbackup.core.step.RollingVerifyRequest;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.core.store.StoreStats;
import org.lakefsbackup.core.workflow.BackupWorkflow;
import org.lakefsbackup.core.workflow.InProcessRunner;
import org.lakefsbackup.core.workflow.RollingVerifyWorkflow;

/**
 * The S3 requests of one rolling verification run, counted by the store by type (exact counts, not timings) against
 * the embedded S3 server: a repository of N = 2,100 namespace objects backed up twice (two kept generations sharing
 * their objects), t = 7. Besides reading its subset back (one GET per object read), a run lists the backup's
 * objects once and reads each kept generation's inventory once, plus a few documents.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RollingVerifyRequestCountsTest {
    static final int N = 2_100;
    static final String REPO = "rolled";
    static final String BACKUP = "s3://backups/rolled";

    CountedRepository r;
    Storage storage;

    @BeforeAll
    void backUpARepositoryOfNObjectsTwice() {
        r = new CountedRepository(REPO, N);
        storage = r.storage;
        for (int i = 0; i < 2; i++) {
            r.runner(InProcessRunner.Listener.NONE).run(new BackupWorkflow(), new BackupRequest(REPO, BACKUP, false,
                    "2025030" + (i + 1) + "T000000000Z-counted", Instant.parse("2025-03-0" + (i + 1) + "T00:00:00Z"),
                    false, true));
        }
    }

    @AfterAll
    void close() {
        if (r != null) {
            r.close();
        }
    }

    @Test
    void aRunListsTheBackupOnceReadsEachInventoryOnceAndGetsEachObjectOfItsSubset() {
        Location objects = Location.parse(BACKUP + "/" + REPO + "/objects");
        long held = r.count(objects);
        StoreStats before = storage.stats();
        StoreStats[] at = {before};
        Map<String, Map<String, Long>> perStep = new TreeMap<>();
        RollingVerifyEntry e = r.runner(new InProcessRunner.Listener() {
            @Override
            public void stepFinished(String step, Object output) {
                StoreStats now = storage.stats();
                perStep.merge(step, now.minus(at[0]).callsByType(), (a, b) -> {
                    Map<String, Long> sum = new TreeMap<>(a);
                    b.forEach((k, v) -> sum.merge(k, v, Long::sum));
                    return sum;
                });
                at[0] = now;
            }
        }).run(new RollingVerifyWorkflow(), new RollingVerifyRequest(BACKUP, List.of(REPO), 7,
                "20250310T000000000Z-count")).entries().get(0);
        // each request once, however many times the S3 client sent it (a retry is the client's, not the code's)
        Map<String, Long> requests = new TreeMap<>(storage.stats().minus(before).callsByType());
        System.out.println("rolling verification, N = " + N + ", " + held + " objects held, " + e.checked()
                + " checked, " + e.read() + " read back: " + requests + "; by step: " + perStep);

        assertThat(e.generations()).isEqualTo(2);
        assertThat(e.checked()).as("each backed-up object once, though both generations reference it")
                .isEqualTo(held);
        long pages = (held + 999) / 1000;
        // plan: generations/ listed, checks.json of both generations asked for (absent: GET 404s);
        // read: generations/ listed (which are kept), both manifests and both inventories (one part each), mutable/
        // listed, objects/ listed in pages of 1,000, the subset read back; at the end generations/ listed again
        // and each kept generation's checks.json read and written
        assertThat(perStep.get("plan-rolling-verify")).isEqualTo(Map.of("ListObjectsV2", 1L, "GetObject", 2L));
        assertThat(perStep.get("read-data-subset")).isEqualTo(Map.of("ListObjectsV2", pages + 3,
                "GetObject", 4 + e.read() + 2, "PutObject", 2L));
        assertThat(perStep.get("finish-rolling-verify")).as("sums up: no request").isEmpty();
        assertThat(requests.values().stream().mapToLong(Long::longValue).sum())
                .as("one listing of the backup, the reads, and 14 more").isEqualTo(pages + e.read() + 14);
    }
}
