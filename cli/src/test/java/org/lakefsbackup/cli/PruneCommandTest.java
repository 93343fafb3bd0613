package org.lakefsbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code forget}, {@code prune}, {@code verify --read-data-subset} and {@code verify --rolling} at a {@code file://} backup location with three generations: a policy without a
 * keep rule is refused; {@code --dry-run} says what would be forgotten and changes nothing; {@code forget} hides the
 * older generations and {@code prune} removes their files, leaving the kept generation listed and restorable. What
 * prune deletes of backed-up objects, and its safety, is the core's {@code PruneTest}.
 */
class PruneCommandTest extends FixtureTest {
    @Test
    void forgetThenPruneKeepsWhatThePolicySays() throws Exception {
        Path root = tmp.resolve("prune-backups");
        String from = root.toUri().toString().replaceAll("/$", "");
        var sample = f.sample(f.a);
        sample.create("pr-repo", "s3://source/pr-repo");
        for (int i = 0; i < 3; i++) {
            sample.upload("pr-repo", "dev", Map.of("g/" + i + ".csv", "row " + i + "\n"));
            sample.commit("pr-repo", "dev", "generation " + i);
            Fixture.Result backup = f.cli(f.a, "backup", "pr-repo", "--to", from, "-q");
            assertThat(backup.exit()).as(backup.err()).isZero();
        }
        List<String> generations = generations(from);
        assertThat(generations).hasSize(3);

        assertThat(f.cli(f.a, "forget", "pr-repo", "--from", from).exit()).as("no policy").isEqualTo(2);
        Fixture.Result minAgeOnly = f.cli(f.a, "forget", "pr-repo", "--from", from, "--min-age", "1d");
        assertThat(minAgeOnly.exit()).as("a min age alone keeps nothing").isEqualTo(2);
        assertThat(minAgeOnly.err()).contains("at least one keep rule");

        List<Path> before = files(root);
        Fixture.Result dry = f.cli(f.a, "forget", "pr-repo", "--from", from, "--keep-last", "2", "--prune",
                "--dry-run", "--json");
        assertThat(dry.exit()).as(dry.err()).isZero();
        JsonNode repo = dry.result().get("repositories").get(0);
        assertThat(repo.get("forgotten")).extracting(JsonNode::asText).containsExactly(generations.get(0));
        assertThat(repo.get("kept")).hasSize(2);
        assertThat(repo.get("dry_run").asBoolean()).isTrue();
        assertThat(files(root)).as("a dry run changes nothing").isEqualTo(before);

        Fixture.Result forget = f.cli(f.a, "forget", "pr-repo", "--from", from, "--keep-last", "2");
        assertThat(forget.exit()).as(forget.err()).isZero();
        assertThat(forget.out()).contains("forgot 1 generation(s) [" + generations.get(0) + "]");
        assertThat(generations(from)).containsExactly(generations.get(1), generations.get(2));
        assertThat(root.resolve("pr-repo/generations/" + generations.get(0) + "/manifest.json"))
                .as("forget deletes nothing").exists();

        Fixture.Result prune = f.cli(f.a, "prune", "--from", from);
        assertThat(prune.exit()).as(prune.err()).isZero();
        assertThat(prune.out()).contains("removed forgotten generation(s) [" + generations.get(0) + "]");
        assertThat(files(root.resolve("pr-repo/generations/" + generations.get(0)))).isEmpty();
        assertThat(files(root.resolve("_runs/pr-repo"))).as("scratch and lease gone").isEmpty();
        Fixture.Result restore = f.cli(f.b, "restore", "pr-repo", "--from", from, "--namespace",
                "s3://target/pr-repo", "-q");
        assertThat(restore.exit()).as(restore.err()).isZero();

        // rolling deep verification of the kept generation: two runs of 1/2 and 2/2 make a full pass
        Fixture.Result half = f.cli(f.a, "verify", "pr-repo", "--from", from, "--read-data-subset", "1/2", "--json");
        assertThat(half.exit()).as(half.err()).isZero();
        assertThat(half.result().get("read_data_subset").asText()).isEqualTo("1/2");
        assertThat(half.result().at("/coverage/subsets/2/1").isTextual()).isTrue();
        Fixture.Result other = f.cli(f.a, "verify", "pr-repo", "--from", from, "--read-data-subset", "2/2", "--json");
        assertThat(other.exit()).as(other.err()).isZero();
        assertThat(other.result().at("/coverage/last_full_pass").isTextual()).as("a full pass").isTrue();
        assertThat(root.resolve("pr-repo/generations/" + generations.get(2) + "/checks.json")).exists();
        assertThat(f.cli(f.a, "verify", "pr-repo", "--from", from, "--read-data-subset", "3/2").exit()).isEqualTo(2);

        // the rolling workflow goes on from what checks.json records (2/2 was read last): 1/2, then 2/2
        Fixture.Result next = f.cli(f.a, "verify", "pr-repo", "--from", from, "--rolling", "2", "--json");
        assertThat(next.exit()).as(next.err()).isZero();
        assertThat(next.result().get("read_data_subset").asText()).isEqualTo("1/2");
        assertThat(next.result().get("generation").asText()).isEqualTo(generations.get(2));
        long read = next.result().get("read").asLong();
        Fixture.Result after = f.cli(f.a, "verify", "pr-repo", "--from", from, "--rolling", "2", "--json");
        assertThat(after.exit()).as(after.err()).isZero();
        assertThat(after.result().get("read_data_subset").asText()).isEqualTo("2/2");
        assertThat(read + after.result().get("read").asLong()).as("two runs read every object once")
                .isEqualTo(after.result().get("checked").asLong());
        assertThat(after.result().at("/coverage/last_full_pass").asText()).isNotEqualTo(
                other.result().at("/coverage/last_full_pass").asText());
        assertThat(f.cli(f.a, "verify", "pr-repo", "--from", from, "--rolling", "2", "--deep").exit())
                .as("--rolling takes no other mode").isEqualTo(2);

        Path damaged;
        try (Stream<Path> objects = Files.walk(root.resolve("pr-repo/objects"))) {
            damaged = objects.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        Files.writeString(damaged, "damaged");
        Fixture.Result bad = f.cli(f.a, "verify", "pr-repo", "--from", from, "--rolling", "2");
        assertThat(bad.exit()).as(bad.out() + bad.err()).isEqualTo(3);
        assertThat(bad.err()).contains(root.resolve("pr-repo/objects").relativize(damaged).toString());
    }

    private List<String> generations(String from) {
        Fixture.Result list = f.cli(f.a, "list", "pr-repo", "--from", from, "--json");
        assertThat(list.exit()).as(list.err()).isZero();
        return Stream.of(list.result().get("generations")).flatMap(g -> {
            java.util.List<String> ids = new java.util.ArrayList<>();
            g.forEach(n -> ids.add(n.has("generation") ? n.get("generation").asText() : n.asText()));
            return ids.stream();
        }).sorted().toList();
    }

    /** The files under {@code root} (a file:// store may leave empty folders). */
    private static List<Path> files(Path root) throws Exception {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
