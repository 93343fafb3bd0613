package org.lakefsbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dump/restore task loop and the lakeFS versions whose behaviour differs. */
class LakeFsTasksAndVersionsTest extends FixtureTest {

    @AfterEach
    void resetSwitches() {
        f.a.setTaskDelay(Duration.ZERO);
        f.a.setTasksLost(false);
        f.a.setVersion("1.53.1");
        f.b.setVersion("1.53.1");
        f.b.setBareChecksDummy(false);
    }

    @Test
    void theDumpIsPolledUntilDone() {
        f.sample(f.a).create("slow-dump", "s3://source/slow-dump");
        f.a.setTaskDelay(Duration.ofMillis(2500));
        f.a.resetRequestCounts();
        Fixture.Result r = f.cli(f.a, "backup", "slow-dump", "--to", "s3://backups/tasks", "-q");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(f.a.requestCount("GET /repositories/{repository}/dump")).isGreaterThan(1);
    }

    @Test
    void aLostDumpTaskIsSubmittedAgainAndFailsClearlyWhenItKeepsGettingLost() {
        f.sample(f.a).create("lost-task", "s3://source/lost-task");
        f.a.setTaskDelay(Duration.ofSeconds(2));
        f.a.setTasksLost(true);
        f.a.resetRequestCounts();
        Fixture.Result r = f.cli(f.a, "backup", "lost-task", "--to", "s3://backups/tasks");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("unknown to the server");
        assertThat(f.a.requestCount("POST /repositories/{repository}/dump")).isEqualTo(3);
    }

    @Test
    void aDumpWithoutProgressTimesOutOnUpdateTime() {
        f.sample(f.a).create("stuck-task", "s3://source/stuck-task");
        f.a.setTaskDelay(Duration.ofSeconds(8));
        Fixture.Result r = f.cli(f.a, "backup", "stuck-task", "--to", "s3://backups/tasks", "--task-timeout", "1");
        assertThat(r.exit()).isEqualTo(7);
        assertThat(r.err()).contains("made no progress");
    }

    @Test
    void serversOlderThan1_3UseTheSynchronousApi() throws Exception {
        f.sample(f.a).create("old-server", "s3://source/old-server");
        f.a.setVersion("1.2.0");
        Fixture.Result backup = f.cli(f.a, "backup", "old-server", "--to", "s3://backups/old", "-q");
        assertThat(backup.exit()).as(backup.err()).isZero();
        assertThat(backup.err()).contains("synchronous");
        f.b.setVersion("1.2.0");
        Fixture.Result restore = f.cli(f.b, "restore", "old-server", "--from", "s3://backups/old", "--namespace",
                "s3://target/old-server", "-q");
        assertThat(restore.exit()).as(restore.err()).isZero();
        EndToEndTest.assertSameRepository(f.sdk(f.a), "old-server", f.sdk(f.b), "old-server");
    }

    @Test
    void serversOlderThan1_52GetTheBareRepositoryBeforeTheDummyMarkerArrives() throws Exception {
        f.sample(f.a).create("pre-152", "s3://source/pre-152");
        assertThat(f.cli(f.a, "backup", "pre-152", "--to", "s3://backups/pre152", "-q").exit()).isZero();
        f.b.setVersion("1.51.0");
        f.b.setBareChecksDummy(true);
        Fixture.Result restore = f.cli(f.b, "restore", "pre-152", "--from", "s3://backups/pre152", "--namespace",
                "s3://target/pre-152", "-q");
        assertThat(restore.exit()).as(restore.err()).isZero();
        EndToEndTest.assertSameRepository(f.sdk(f.a), "pre-152", f.sdk(f.b), "pre-152");
    }
}
