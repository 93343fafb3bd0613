package org.lakefsbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.store.Location;

/** Bad inputs get a clear message, a documented exit code, and leave nothing behind. */
class BadInputTest extends FixtureTest {
    static final String IDS = "\"commits_meta_range_id\": \"%s\", \"tags_meta_range_id\": \"%s\", "
            + "\"branches_meta_range_id\": \"%s\"";


    @BeforeAll
    void start() {
        f.sample(f.a).create("existing", "s3://source/existing");
        assertThat(f.cli(f.a, "backup", "existing", "--to", "s3://backups/bad", "-q").exit()).isZero();
    }


    boolean empty(String location) {
        Location l = Location.parse(location);
        try (var s = f.storage.storeFor(l).list(l, null)) {
            return s.findAny().isEmpty();
        }
    }

    @Test
    void invalidRepositoryNamesAreUsageErrors() {
        Fixture.Result r = f.cli(f.a, "backup", "Not_Valid", "--to", "s3://backups/names");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("invalid repository name 'Not_Valid'");
        Fixture.Result clone = f.cli(f.a, "restore", "existing", "--from", "s3://backups/bad", "--as", "x",
                "--namespace", "s3://target/x");
        assertThat(clone.exit()).isEqualTo(2);
        assertThat(empty("s3://backups/names")).isTrue();
        assertThat(empty("s3://target/x")).isTrue();
    }

    @Test
    void unsupportedUrisAreRejectedWithWhatIsAccepted() {
        Fixture.Result r = f.cli(f.a, "backup", "existing", "--to", "abfss://c@acct.dfs.core.windows.net/b");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("not a lakeFS storage namespace");
        Fixture.Result gs = f.cli(f.a, "restore", "existing", "--from", "s3://backups/bad", "--as", "gs-target",
                "--namespace", "gs://bucket/x");
        assertThat(gs.exit()).isEqualTo(2);
        assertThat(gs.err()).contains("accepted forms");
    }

    @Test
    void aMissingBackupOrUnknownGenerationIsNotFound() throws Exception {
        Fixture.Result missing = f.cli(f.a, "restore", "existing", "--from", "s3://backups/nothing-here", "--as",
                "from-nothing", "--namespace", "s3://target/from-nothing");
        assertThat(missing.exit()).isEqualTo(4);
        assertThat(missing.err()).contains("no backup of repository 'existing'");
        Fixture.Result unknown = f.cli(f.a, "restore", "existing", "--from", "s3://backups/bad", "--generation",
                "20200101T000000000Z-abcd", "--as", "old-one", "--namespace", "s3://target/old-one");
        assertThat(unknown.exit()).isEqualTo(4);
        assertThat(unknown.err()).contains("20200101T000000000Z-abcd").contains("committed generations");
        assertThat(LakeFsReads.exists(f.sdk(f.a), "from-nothing")).isFalse();
        assertThat(LakeFsReads.exists(f.sdk(f.a), "old-one")).isFalse();
        assertThat(empty("s3://target/old-one")).isTrue();
    }

    @Test
    void malformedTruncatedAndEmptyIdManifestsAreRejected() throws Exception {
        String good = "{\"repository\": {\"name\": \"from-manifest\", \"storage_namespace\": \"s3://target/fm\", "
                + "\"default_branch\": \"main\", \"storage_id\": \"\"}, \"refs\": {" + IDS.formatted(
                "a".repeat(64), "b".repeat(64), "c".repeat(64)) + "}}";
        Map<String, String> cases = Map.of(
                "malformed.json", "{\"repository\": [",
                "truncated.json", good.substring(0, good.length() - 20),
                "empty-ids.json", good.replace("a".repeat(64), ""));
        for (var c : cases.entrySet()) {
            Path file = tmp.resolve(c.getKey());
            Files.writeString(file, c.getValue(), StandardCharsets.UTF_8);
            Fixture.Result r = f.cli(f.a, "restore-refs", file.toString());
            assertThat(r.exit()).as(c.getKey()).isEqualTo(8);
            assertThat(r.err()).contains(c.getKey());
        }
        assertThat(LakeFsReads.exists(f.sdk(f.a), "from-manifest")).isFalse();
    }

    @Test
    void aCorruptGenerationManifestInTheBackupIsInvalidBackupData() throws Exception {
        f.sample(f.a).create("broken-manifest", "s3://source/broken-manifest");
        assertThat(f.cli(f.a, "backup", "broken-manifest", "--to", "s3://backups/broken", "-q").exit()).isZero();
        Location generations = Location.parse("s3://backups/broken/broken-manifest/generations");
        String manifestKey;
        try (var s = f.store.list(generations, null)) {
            manifestKey = s.filter(o -> o.key().endsWith("manifest.json")).findFirst().orElseThrow().key();
        }
        byte[] content = f.store.get(generations.resolve(manifestKey)).orElseThrow();
        f.store.put(generations.resolve(manifestKey), java.util.Arrays.copyOf(content, content.length / 2));
        Fixture.Result r = f.cli(f.a, "restore", "broken-manifest", "--from", "s3://backups/broken", "--as",
                "broken-copy", "--namespace", "s3://target/broken-copy");
        assertThat(r.exit()).isEqualTo(8);
        assertThat(r.err()).contains("manifest.json");
        assertThat(LakeFsReads.exists(f.sdk(f.a), "broken-copy")).isFalse();
    }

    @Test
    void anExistingRepositoryThatIsNotBareIsAConflictAndIsLeftAlone() throws Exception {
        var before = LakeFsReads.branches(f.sdk(f.a), "existing", true);
        Fixture.Result r = f.cli(f.a, "restore", "existing", "--from", "s3://backups/bad", "--namespace",
                "s3://target/existing-again");
        assertThat(r.exit()).isEqualTo(5);
        assertThat(r.err()).contains("already exists and is not bare");
        assertThat(LakeFsReads.branches(f.sdk(f.a), "existing", true)).isEqualTo(before);
        assertThat(empty("s3://target/existing-again")).isTrue();
    }

    @Test
    void aNonEmptyTargetNamespaceIsAConflict() {
        f.storage.storeFor(Location.parse("s3://target/occupied")).put(Location.parse("s3://target/occupied/x"),
                new byte[] {1});
        Fixture.Result r = f.cli(f.a, "restore", "existing", "--from", "s3://backups/bad", "--as", "occupied",
                "--namespace", "s3://target/occupied");
        assertThat(r.exit()).isEqualTo(5);
        assertThat(r.err()).contains("is not empty");
    }

    @Test
    void wrongCredentialsAreAnAuthenticationFailure() {
        Map<String, String> env = f.env(f.a);
        env.put("LAKECTL_CREDENTIALS_SECRET_ACCESS_KEY", "wrong-secret");
        Fixture.Result r = Fixture.cli(env, "backup", "existing", "--to", "s3://backups/wrong-creds");
        assertThat(r.exit()).isEqualTo(6);
        assertThat(r.err()).contains("401");
        assertThat(r.out() + r.err()).doesNotContain("wrong-secret").doesNotContain(Fixture.SECRET);
        assertThat(empty("s3://backups/wrong-creds")).isTrue();
    }

    @Test
    void anUnreachableLakeFsIsARetryableUnavailableFailure() {
        Map<String, String> env = f.env(f.a);
        env.put("LAKECTL_SERVER_ENDPOINT_URL", "http://127.0.0.1:9");
        // --retries 0: the default rides out minutes of outage; here the exit code is what is tested
        Fixture.Result r = Fixture.cli(env, "backup", "existing", "--to", "s3://backups/unreachable", "--retries",
                "0");
        assertThat(r.exit()).isEqualTo(7);
        assertThat(r.err()).contains("unreachable");
        assertThat(empty("s3://backups/unreachable")).isTrue();
    }

    @Test
    void missingLakeFsConfigurationIsAUsageError() {
        Map<String, String> env = f.env(f.a);
        env.remove("LAKECTL_SERVER_ENDPOINT_URL");
        Fixture.Result r = Fixture.cli(env, "backup", "existing", "--to", "s3://backups/no-endpoint");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("LAKECTL_SERVER_ENDPOINT_URL").contains("--endpoint-url");
    }
}
