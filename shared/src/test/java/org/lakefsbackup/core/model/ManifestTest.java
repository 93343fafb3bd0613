package org.lakefsbackup.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.error.InvalidInputException;
import org.lakefsbackup.core.error.InvalidManifestException;
import org.lakefsbackup.core.lakefs.MetaRangeIds;

class ManifestTest {
    static final String C = "9069b1f4" + "0".repeat(56);
    static final String T = "e77ccbca" + "0".repeat(56);
    static final String B = "9b500c3b" + "0".repeat(56);

    /** Exactly what lakefs-refs.py writes. */
    static final String REFS_PY = """
            {
              "repository": {
                "name": "my-repo",
                "storage_namespace": "s3://bucket/prefix",
                "default_branch": "main",
                "storage_id": ""
              },
              "refs": {
                "commits_meta_range_id": "%s",
                "tags_meta_range_id": "%s",
                "branches_meta_range_id": "%s"
              }
            }
            """.formatted(C, T, B);

    @Test
    void readsLakefsRefsPyManifests() {
        Manifest m = Manifest.parse(bytes(REFS_PY), "my-repo_manifest.json");
        assertThat(m.describesGeneration()).isFalse();
        assertThat(m.repository().name()).isEqualTo("my-repo");
        assertThat(m.repository().storageNamespace()).isEqualTo("s3://bucket/prefix");
        assertThat(m.refs()).isEqualTo(new MetaRangeIds(C, T, B));
    }

    @Test
    void writesLakefsRefsPyFormatExactly() throws Exception {
        Manifest m = Manifest.parse(bytes(REFS_PY), "x");
        JsonNode written = Json.mapper().readTree(m.refsManifestJson());
        assertThat(written).isEqualTo(Json.mapper().readTree(REFS_PY));
        assertThat(written.fieldNames()).toIterable().containsExactly("repository", "refs");
    }

    @Test
    void generationManifestsKeepTheScriptsFieldsAndRoundTrip() throws Exception {
        Manifest m = new Manifest(1, "20261124T035154123Z-k3x9", Instant.parse("2026-11-24T03:51:54Z"), "0.1.0",
                new Manifest.Source("http://lakefs:8000/api/v1", "1.53.1"),
                new Manifest.Repository("my-repo", "s3://bucket/prefix", "main", ""), new MetaRangeIds(C, T, B), false,
                List.of(new Manifest.Branch("main", "c1", false), new Manifest.Branch("h", "c2", true)),
                List.of(new Manifest.Tag("v1", "c1")), 2L, List.of("main"), Map.of("team", "data"),
                new Manifest.InventoryRef("generations/20261124T035154123Z-k3x9/inventory", 1, 10, 100), List.of(),
                List.of());
        byte[] json = Json.write(m);
        JsonNode tree = Json.mapper().readTree(json);
        assertThat(tree.at("/repository/storage_namespace").asText()).isEqualTo("s3://bucket/prefix");
        assertThat(tree.at("/refs/commits_meta_range_id").asText()).isEqualTo(C);
        assertThat(tree.at("/format_version").asInt()).isEqualTo(1);
        assertThat(tree.toString()).doesNotContain("secret");
        assertThat(Manifest.parse(json, "x")).isEqualTo(m);
    }

    @Test
    void rejectsMalformedAndTruncatedManifests() {
        assertThatThrownBy(() -> Manifest.parse(bytes("{not json"), "m.json"))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("m.json");
        assertThatThrownBy(() -> Manifest.parse(bytes(REFS_PY.substring(0, REFS_PY.length() / 2)), "m.json"))
                .isInstanceOf(InvalidManifestException.class);
        assertThatThrownBy(() -> Manifest.parse(bytes("{\"refs\": {}}"), "m.json"))
                .isInstanceOf(InvalidManifestException.class);
        assertThatThrownBy(() -> Manifest.parse(bytes("[]"), "m.json")).isInstanceOf(InvalidManifestException.class);
    }

    @Test
    void rejectsEmptyOrMalformedMetaRangeIds() {
        assertThatThrownBy(() -> Manifest.parse(bytes(REFS_PY.replace(C, "")), "m.json"))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("commits_meta_range_id");
        assertThatThrownBy(() -> Manifest.parse(bytes(REFS_PY.replace(T, "invalid")), "m.json"))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("tags_meta_range_id");
    }

    @Test
    void rejectsInvalidRepositoryNamesAndNamespaces() {
        assertThatThrownBy(() -> Manifest.parse(bytes(REFS_PY.replace("my-repo", "My_Repo")), "m.json"))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("repository name");
        assertThatThrownBy(() -> Manifest.parse(bytes(REFS_PY.replace("s3://bucket/prefix",
                "abfss://c@a.dfs.core.windows.net/p")), "m.json")).isInstanceOf(InvalidManifestException.class);
    }

    @Test
    void rejectsManifestsFromANewerFormat() {
        String newer = REFS_PY.replaceFirst("\\{", "{\"format_version\": 99,");
        assertThatThrownBy(() -> Manifest.parse(bytes(newer), "m.json"))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("upgrade");
    }

    @Test
    void validatesNamesAndGenerationIds() {
        assertThat(RepositoryName.require("abc-1")).isEqualTo("abc-1");
        for (String bad : new String[] {"ab", "-abc", "Abc", "a_bc", "a".repeat(64), ""}) {
            assertThatThrownBy(() -> RepositoryName.require(bad)).isInstanceOf(InvalidInputException.class);
        }
        GenerationId a = GenerationId.create(Instant.parse("2026-11-24T03:51:54.123Z"));
        GenerationId b = GenerationId.create(Instant.parse("2026-11-24T03:51:54.124Z"));
        assertThat(a.value()).startsWith("20261124T035154123Z-");
        assertThat(a).isLessThan(b);
        assertThatThrownBy(() -> new GenerationId("yesterday")).isInstanceOf(InvalidInputException.class);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
