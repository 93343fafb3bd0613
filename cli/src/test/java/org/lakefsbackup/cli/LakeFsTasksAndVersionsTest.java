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
        f.b.setTaskDelay(Duration.ZERO);
        f.b.setTasksLost(false);
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

    @Test
    void aFailedRestoreRemovesTheBareRepositoryKeepsTheDataAndARetrySucceeds() throws Exception {
        f.sample(f.a).create("retry-me", "s3://source/retry-me");
        assertThat(f.cli(f.a, "backup", "retry-me", "--to", "s3://backups/retry", "-q").exit()).isZero();
        f.b.setTaskDelay(Duration.ofSeconds(2));
        f.b.setTasksLost(true);
        Fixture.Result failed = f.cli(f.b, "restore", "retry-me", "--from", "s3://backups/retry", "--namespace",
                "s3://target/retry-me", "-q");
        assertThat(failed.exit()).isEqualTo(1);
        assertThat(LakeFsReads.exists(f.sdk(f.b), "retry-me")).as("bare repository removed").isFalse();
        long copied;
        try (var s = f.store.list(org.lakefsbackup.core.store.Location.parse("s3://target/retry-me"), null)) {
            copied = s.count();
        }
        assertThat(copied).as("copied data kept").isPositive();

        f.b.setTasksLost(false);
        f.b.setTaskDelay(Duration.ZERO);
        Fixture.Result retry = f.cli(f.b, "restore", "retry-me", "--from", "s3://backups/retry", "--namespace",
                "s3://target/retry-me", "--json", "-q");
        assertThat(retry.exit()).as(retry.err()).isZero();
        assertThat(retry.out()).contains("\"copied_objects\" : 0");
        EndToEndTest.assertSameRepository(f.sdk(f.a), "retry-me", f.sdk(f.b), "retry-me");
    }

    @Test
    void listShowsCommittedGenerationsOnly() {
        f.sample(f.a).create("listed", "s3://source/listed");
        assertThat(f.cli(f.a, "backup", "listed", "--to", "s3://backups/list", "-q").exit()).isZero();
        assertThat(f.cli(f.a, "backup", "listed", "--to", "s3://backups/list", "--force-new-generation", "-q")
                .exit()).isZero();
        f.storage.storeFor(org.lakefsbackup.core.store.Location.parse("s3://backups")).put(
                org.lakefsbackup.core.store.Location.parse(
                        "s3://backups/list/listed/generations/20300101T000000000Z-zzzz/inventory/part-00000.jsonl.gz"),
                new byte[] {1});
        Fixture.Result list = f.cli(f.a, "list", "listed", "--from", "s3://backups/list");
        assertThat(list.exit()).isZero();
        assertThat(list.out().lines().filter(l -> l.matches("^\\d{8}T.*"))).hasSize(2);
        assertThat(list.out()).doesNotContain("20300101T000000000Z-zzzz");
    }

    @Test
    void committingOnAProtectedBranchOrThroughAFailingHookIsReportedClearly() throws Exception {
        var sample = f.sample(f.a);
        sample.create("guarded", "s3://source/guarded");
        sample.branch("guarded", "locked", "main", false);
        sample.upload("guarded", "locked", java.util.Map.of("late.txt", "staged before the rule"));
        new io.lakefs.clients.sdk.RepositoriesApi(f.sdk(f.a)).setBranchProtectionRules("guarded", java.util.List.of(
                new io.lakefs.clients.sdk.model.BranchProtectionRule().pattern("main"),
                new io.lakefs.clients.sdk.model.BranchProtectionRule().pattern("locked"))).execute();
        Fixture.Result protectedBranch = f.cli(f.a, "backup", "guarded", "--to", "s3://backups/guarded", "--commit");
        assertThat(protectedBranch.exit()).isEqualTo(1);
        assertThat(protectedBranch.err()).contains("branch 'locked'").contains("protected");

        f.sample(f.a).create("hooked", "s3://source/hooked");
        f.a.setPreCommitFailure("dev", true);
        try {
            Fixture.Result hook = f.cli(f.a, "backup", "hooked", "--to", "s3://backups/hooked", "--commit");
            assertThat(hook.exit()).isEqualTo(1);
            assertThat(hook.err()).contains("branch 'dev'").contains("pre-commit");
        } finally {
            f.a.setPreCommitFailure("dev", false);
        }
        try (var s = f.store.list(org.lakefsbackup.core.store.Location.parse("s3://backups/hooked/hooked/generations"),
                null)) {
            assertThat(s.findAny()).as("no generation").isEmpty();
        }
    }
}
