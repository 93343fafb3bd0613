package org.lakefsbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakefs.clients.sdk.RepositoriesApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.store.Location;

/** The lakefs-refs.py workflow: its manifest format, its dump/restore semantics, our manifests' compatibility. */
class RefsCompatibilityTest extends FixtureTest {
    static final ObjectMapper JSON = new ObjectMapper();




    @Test
    void dumpWritesTheScriptsFormatAndRestoreRefsBringsTheRepositoryBack() throws Exception {
        f.sample(f.a).create("refs-repo", "s3://source/refs-repo");
        var branches = LakeFsReads.branches(f.sdk(f.a), "refs-repo", true);
        var commits = LakeFsReads.commits(f.sdk(f.a), "refs-repo");
        Path out = Files.createDirectories(tmp.resolve("dump"));
        // auth options after the sub-command, which lakefs-refs.py does not accept
        Map<String, String> env = f.env(f.a);
        env.remove("LAKECTL_SERVER_ENDPOINT_URL");
        env.remove("LAKECTL_CREDENTIALS_ACCESS_KEY_ID");
        env.remove("LAKECTL_CREDENTIALS_SECRET_ACCESS_KEY");
        Fixture.Result dump = Fixture.cli(env, "dump", "refs-repo", "--rm", "--output-dir", out.toString(),
                "--endpoint-url", f.a.endpoint(), "--access-key-id", Fixture.KEY, "--secret-access-key", Fixture.SECRET);
        assertThat(dump.exit()).as(dump.err()).isZero();
        assertThat(dump.out()).contains("Operation 'dump' completed successfully.");
        Path manifest = out.resolve("refs-repo_manifest.json");
        JsonNode doc = JSON.readTree(manifest.toFile());
        assertThat(doc.fieldNames()).toIterable().containsExactly("repository", "refs");
        assertThat(doc.get("repository").fieldNames()).toIterable()
                .containsExactly("name", "storage_namespace", "default_branch", "storage_id");
        assertThat(doc.get("refs").fieldNames()).toIterable()
                .containsExactly("commits_meta_range_id", "tags_meta_range_id", "branches_meta_range_id");
        assertThat(doc.at("/repository/storage_namespace").asText()).isEqualTo("s3://source/refs-repo");
        assertThat(LakeFsReads.exists(f.sdk(f.a), "refs-repo")).as("--rm deleted the record").isFalse();

        Fixture.Result restore = Fixture.cli(env, "--endpoint-url", f.a.endpoint(), "--access-key-id", Fixture.KEY,
                "--secret-access-key", Fixture.SECRET, "restore-refs", manifest.toString());
        assertThat(restore.exit()).as(restore.err()).isZero();
        assertThat(restore.out()).contains("Created repository: refs-repo", "Restored refs for repository: refs-repo");
        assertThat(LakeFsReads.branches(f.sdk(f.a), "refs-repo", true)).isEqualTo(branches);
        assertThat(LakeFsReads.commits(f.sdk(f.a), "refs-repo")).isEqualTo(commits);
    }

    @Test
    void aHandWrittenManifestInTheScriptsExactLayoutRestores() throws Exception {
        f.sample(f.a).create("handmade", "s3://source/handmade");
        var commits = LakeFsReads.commits(f.sdk(f.a), "handmade");
        Path out = Files.createDirectories(tmp.resolve("handmade"));
        assertThat(f.cli(f.a, "dump", "handmade", "--output-dir", out.toString()).exit()).isZero();
        JsonNode refs = JSON.readTree(out.resolve("handmade_manifest.json").toFile()).get("refs");
        String script = """
                {
                  "repository": {
                    "name": "handmade-clone",
                    "storage_namespace": "s3://source/handmade",
                    "default_branch": "main",
                    "storage_id": ""
                  },
                  "refs": {
                    "commits_meta_range_id": "%s",
                    "tags_meta_range_id": "%s",
                    "branches_meta_range_id": "%s"
                  }
                }""".formatted(refs.get("commits_meta_range_id").asText(), refs.get("tags_meta_range_id").asText(),
                refs.get("branches_meta_range_id").asText());
        Path file = out.resolve("handmade-clone_manifest.json");
        Files.writeString(file, script);
        Fixture.Result r = f.cli(f.a, "restore-refs", file.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(LakeFsReads.commits(f.sdk(f.a), "handmade-clone")).isEqualTo(commits);
    }

    @Test
    void ourGenerationManifestKeepsTheScriptsFieldsAndRestoresWithRestoreRefs() throws Exception {
        f.sample(f.a).create("ours", "s3://source/ours");
        var commits = LakeFsReads.commits(f.sdk(f.a), "ours");
        assertThat(f.cli(f.a, "backup", "ours", "--to", "s3://backups/ours", "-q").exit()).isZero();
        Location generations = Location.parse("s3://backups/ours/ours/generations");
        String key;
        try (var s = f.store.list(generations, null)) {
            key = s.filter(o -> o.key().endsWith("manifest.json")).findFirst().orElseThrow().key();
        }
        byte[] manifest = f.store.get(generations.resolve(key)).orElseThrow();
        JsonNode doc = JSON.readTree(manifest);
        assertThat(doc.at("/repository/name").asText()).isEqualTo("ours");
        assertThat(doc.at("/repository/storage_namespace").asText()).isEqualTo("s3://source/ours");
        assertThat(doc.at("/repository/default_branch").asText()).isEqualTo("main");
        assertThat(doc.get("repository").has("storage_id")).isTrue();
        assertThat(doc.at("/refs/commits_meta_range_id").asText()).hasSize(64);
        assertThat(doc.toString()).doesNotContain(Fixture.SECRET);

        new RepositoriesApi(f.sdk(f.a)).deleteRepository("ours").execute();
        Path file = tmp.resolve("ours-manifest.json");
        Files.write(file, manifest);
        Fixture.Result r = f.cli(f.a, "restore-refs", file.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(LakeFsReads.commits(f.sdk(f.a), "ours")).isEqualTo(commits);
    }

    @Test
    void credentialsComeFromLakectlYamlWhenNeitherFlagsNorEnvironmentGiveThem() throws Exception {
        f.sample(f.a).create("from-yaml", "s3://source/from-yaml");
        Path home = Files.createDirectories(tmp.resolve("yaml-home"));
        Files.writeString(home.resolve(".lakectl.yaml"), """
                credentials:
                  access_key_id: %s
                  secret_access_key: %s
                server:
                  endpoint_url: %s
                """.formatted(Fixture.KEY, Fixture.SECRET, f.a.endpoint().replace("/api/v1", "")));
        Map<String, String> env = f.env(f.a);
        env.remove("LAKECTL_SERVER_ENDPOINT_URL");
        env.remove("LAKECTL_CREDENTIALS_ACCESS_KEY_ID");
        env.remove("LAKECTL_CREDENTIALS_SECRET_ACCESS_KEY");
        env.put("HOME", home.toString());
        Fixture.Result r = Fixture.cli(env, "dump", "from-yaml", "--output-dir", home.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(home.resolve("from-yaml_manifest.json")).exists();
    }
}
