package org.lakefsbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakefs.clients.sdk.ApiClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.testkit.lakefs.SampleRepository;

/**
 * Backups and restores through the CLI, against two lakeFS emulators and an embedded S3 server: disaster
 * recovery into another server, clone under a new name, migration from local:// to s3://, and what survives.
 */
class EndToEndTest extends FixtureTest {




    @Test
    void disasterRecoveryRestoresTheSameRepositoryIntoAnotherLakeFs() throws Exception {
        SampleRepository.Created src = f.sample(f.a).create("dr-repo", "s3://source/dr-repo");
        Fixture.Result backup = f.cli(f.a, "backup", "dr-repo", "--to", "s3://backups/lakefs", "--json", "-q");
        assertThat(backup.exit()).as(backup.err()).isZero();
        JsonNode summary = backup.result().get("backups").get(0);
        assertThat(summary.get("copied_objects").asLong()).isEqualTo(summary.get("objects").asLong()).isPositive();

        Fixture.Result restore = f.cli(f.b, "restore", "dr-repo", "--from", "s3://backups/lakefs",
                "--namespace", "s3://target/dr-repo", "--json", "-q");
        assertThat(restore.exit()).as(restore.err()).isZero();
        assertSameRepository(f.sdk(f.a), "dr-repo", f.sdk(f.b), "dr-repo");
        for (var e : src.mainObjects().entrySet()) {
            assertThat(f.sample(f.b).read("dr-repo", "main", e.getKey())).isEqualTo(e.getValue());
        }
    }

    @Test
    void cloneRestoresUnderANewNameOnTheSameServer() throws Exception {
        f.sample(f.a).create("clone-src", "s3://source/clone-src");
        assertThat(f.cli(f.a, "backup", "clone-src", "--to", "s3://backups/lakefs", "-q").exit()).isZero();
        Fixture.Result restore = f.cli(f.a, "restore", "clone-src", "--from", "s3://backups/lakefs", "--as",
                "clone-copy", "--namespace", "s3://target/clone-copy", "-q");
        assertThat(restore.exit()).as(restore.err()).isZero();
        assertThat(restore.out()).contains("restored generation").contains("clone-copy");
        assertSameRepository(f.sdk(f.a), "clone-src", f.sdk(f.a), "clone-copy");
        assertThat(f.sample(f.a).read("clone-copy", "v1.1", "tables/events/part-0002.csv")).isEqualTo("id,kind\n4,buy\n");
    }

    @Test
    void migrationMovesALocalNamespaceToS3OnAnotherServer() throws Exception {
        try (var local = f.startLocalBlockstoreEmulator()) {
            SampleRepository.Created src = f.sample(local).create("local-repo", "local://repos/local-repo");
            Fixture.Result backup = f.cli(local, "backup", "local-repo", "--to", "s3://backups/lakefs", "-q");
            assertThat(backup.exit()).as(backup.err()).isZero();
            Fixture.Result restore = f.cli(f.b, "restore", "local-repo", "--from", "s3://backups/lakefs",
                    "--namespace", "s3://target/migrated", "-q");
            assertThat(restore.exit()).as(restore.err()).isZero();
            assertSameRepository(f.sdk(local), "local-repo", f.sdk(f.b), "local-repo");
            for (var e : src.mainObjects().entrySet()) {
                assertThat(f.sample(f.b).read("local-repo", "main", e.getKey())).isEqualTo(e.getValue());
            }
        }
    }

    @Test
    void backupAllBacksUpEveryRepositoryOfTheServer() throws Exception {
        try (var server = f.startLocalBlockstoreEmulator()) {
            f.sample(server).create("all-one", "local://all/one");
            f.sample(server).create("all-two", "local://all/two");
            Fixture.Result r = f.cli(server, "backup", "--all", "--to", "s3://backups/all", "--json", "-q");
            assertThat(r.exit()).as(r.err()).isZero();
            JsonNode summaries = r.result().get("backups");
            assertThat(summaries).extracting(n -> n.get("repository").asText()).containsExactly("all-one", "all-two");
            for (String repo : new String[] {"all-one", "all-two"}) {
                Fixture.Result list = f.cli(server, "list", repo, "--from", "s3://backups/all", "--json");
                assertThat(list.result().get("generations")).hasSize(1);
            }
        }
    }

    @Test
    void hiddenBranchesTagsProtectionRulesAndMetadataSurviveARestore() throws Exception {
        f.sample(f.a).create("settings-repo", "s3://source/settings-repo");
        assertThat(f.cli(f.a, "backup", "settings-repo", "--to", "s3://backups/lakefs", "-q").exit()).isZero();
        Fixture.Result restore = f.cli(f.b, "restore", "settings-repo", "--from", "s3://backups/lakefs",
                "--namespace", "s3://target/settings-repo", "-q");
        assertThat(restore.exit()).as(restore.err()).isZero();
        ApiClient b = f.sdk(f.b);
        assertThat(LakeFsReads.branches(b, "settings-repo", false)).containsOnlyKeys("main", "dev");
        assertThat(LakeFsReads.branches(b, "settings-repo", true)).containsKey("scratch-hidden");
        assertThat(LakeFsReads.tags(b, "settings-repo")).containsOnlyKeys("v1.0", "v1.1");
        assertThat(LakeFsReads.protection(b, "settings-repo")).containsExactly("main");
        assertThat(LakeFsReads.metadata(b, "settings-repo")).containsEntry("owner", "data-platform");
    }

    @Test
    void uncommittedChangesAreReportedAndWithCommitTheyAreBackedUp() throws Exception {
        f.sample(f.a).create("staged-repo", "s3://source/staged-repo");
        Fixture.Result plain = f.cli(f.a, "backup", "staged-repo", "--to", "s3://backups/plain", "-q");
        assertThat(plain.exit()).as(plain.err()).isZero();
        assertThat(plain.err().lines().filter(l -> l.contains("uncommitted changes")))
                .as("the warning, once").singleElement().satisfies(l -> assertThat(l).startsWith("warning: ")
                        .contains("dev").contains("--commit"));
        assertThat(f.cli(f.b, "restore", "staged-repo", "--from", "s3://backups/plain", "--as", "staged-plain",
                "--namespace", "s3://target/staged-plain", "-q").exit()).isZero();
        assertThat(f.sample(f.b).read("staged-plain", "dev", "tables/events/part-0002.csv")).isNotEmpty();
        assertThat(objectExists(f.sdk(f.b), "staged-plain", "dev", "tables/events/part-0003.csv")).isFalse();

        Fixture.Result committed = f.cli(f.a, "backup", "staged-repo", "--to", "s3://backups/committed", "--commit",
                "-q");
        assertThat(committed.exit()).as(committed.err()).isZero();
        assertThat(committed.err()).doesNotContain("uncommitted changes");
        assertThat(f.cli(f.b, "restore", "staged-repo", "--from", "s3://backups/committed", "--as",
                "staged-committed", "--namespace", "s3://target/staged-committed", "-q").exit()).isZero();
        assertThat(f.sample(f.b).read("staged-committed", "dev", "tables/events/part-0003.csv"))
                .isEqualTo("id,kind\n5,view\n");
    }

    static boolean objectExists(ApiClient c, String repo, String ref, String path) throws Exception {
        try {
            new io.lakefs.clients.sdk.ObjectsApi(c).statObject(repo, ref, path).execute();
            return true;
        } catch (io.lakefs.clients.sdk.ApiException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    static void assertSameRepository(ApiClient source, String sourceRepo, ApiClient target, String targetRepo)
            throws Exception {
        Map<String, String> branches = LakeFsReads.branches(source, sourceRepo, true);
        assertThat(LakeFsReads.branches(target, targetRepo, true)).isEqualTo(branches);
        assertThat(LakeFsReads.tags(target, targetRepo)).isEqualTo(LakeFsReads.tags(source, sourceRepo));
        assertThat(LakeFsReads.commits(target, targetRepo)).isEqualTo(LakeFsReads.commits(source, sourceRepo))
                .isNotEmpty();
    }
}
