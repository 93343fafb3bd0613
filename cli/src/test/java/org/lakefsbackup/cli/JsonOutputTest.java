package org.lakefsbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.testkit.cli.JsonOutputContract;

/**
 * Every command's {@code --json} output, successes and partial failures, validates against
 * {@code docs/json-output.schema.json}, and stdout then holds nothing else.
 */
class JsonOutputTest extends FixtureTest {

    @BeforeAll
    void repositories() {
        f.sample(f.a).create("json-one", "s3://source/json-one");
        f.sample(f.a).create("json-two", "s3://source/json-two");
    }

    Fixture.Result json(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("--json");
        return f.cli(f.a, all.toArray(String[]::new));
    }

    @Test
    void backupListVerifyAndRestoreDescribeWhatTheyDid() {
        Fixture.Result backup = json("backup", "json-one", "json-two", "--to", "s3://backups/json");
        assertThat(backup.exit()).as(backup.err()).isZero();
        JsonNode backups = backup.result().get("backups");
        assertThat(backups).extracting(n -> n.get("repository").asText()).containsExactly("json-one", "json-two");
        assertThat(backups.get(0).get("warnings").get(0).asText()).contains("uncommitted changes");

        Fixture.Result list = json("list", "--from", "s3://backups/json");
        assertThat(list.result().get("generations")).extracting(n -> n.get("repository").asText())
                .containsExactly("json-one", "json-two");
        Fixture.Result one = json("list", "json-one", "--from", "s3://backups/json");
        assertThat(one.result().get("generations")).hasSize(1);

        Fixture.Result verify = json("verify", "json-one", "--from", "s3://backups/json", "--deep");
        assertThat(verify.result().get("verified").asBoolean()).isTrue();
        assertThat(verify.result().get("checked").asLong()).isPositive();

        Fixture.Result restore = json("restore", "json-one", "--from", "s3://backups/json", "--as", "json-copy",
                "--namespace", "s3://target/json-copy");
        assertThat(restore.exit()).as(restore.err()).isZero();
        assertThat(restore.result().get("repository").asText()).isEqualTo("json-copy");
    }

    @Test
    void aCommandOverSeveralRepositoriesReportsEachFailureAndTheFirstAsItsError() {
        Fixture.Result r = json("backup", "json-one", "json-missing", "--to", "s3://backups/json-partial");
        assertThat(r.exit()).isEqualTo(4);
        JsonNode envelope = r.json();
        assertThat(envelope.at("/error/code").asText()).isEqualTo("NOT_FOUND");
        assertThat(envelope.at("/error/message").asText()).contains("json-missing");
        assertThat(r.result().get("backups")).hasSize(1);
        assertThat(r.result().get("failed").get(0).get("name").asText()).isEqualTo("json-missing");
    }

    @Test
    void dumpAndRestoreRefsAnswerInJson() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("json-dump"));
        Fixture.Result dryRun = json("dump", "json-two", "--rm", "--dry-run", "--output-dir", out.toString());
        assertThat(dryRun.exit()).as(dryRun.err()).isZero();
        assertThat(dryRun.result().get("dry_run").asBoolean()).isTrue();
        assertThat(out.resolve("json-two_manifest.json")).doesNotExist();
        assertThat(LakeFsReads.exists(f.sdk(f.a), "json-two")).isTrue();

        Fixture.Result dump = json("dump", "json-two", "--output-dir", out.toString());
        assertThat(dump.exit()).as(dump.err()).isZero();
        assertThat(dump.result().at("/dumped/0/manifest_file").asText()).endsWith("json-two_manifest.json");

        Path manifest = out.resolve("json-two_manifest.json");
        Fixture.Result conflict = json("restore-refs", manifest.toString());
        assertThat(conflict.exit()).isEqualTo(ErrorCode.CONFLICT.exitCode());
        assertThat(conflict.result().at("/failed/0/error/code").asText()).isEqualTo("CONFLICT");
    }

    @Test
    void aBrokenGenerationIsARowWithItsErrorAndAWarningOrWithStrictAFailure() {
        assertThat(f.cli(f.a, "backup", "json-one", "--to", "s3://backups/json-broken", "-q").exit()).isZero();
        assertThat(f.cli(f.a, "backup", "json-one", "--to", "s3://backups/json-broken", "--force-new-generation",
                "-q").exit()).isZero();
        Location generations = Location.parse("s3://backups/json-broken/json-one/generations");
        String first;
        try (var s = f.store.list(generations, null)) {
            first = s.map(o -> o.key()).filter(k -> k.endsWith("/manifest.json")).sorted().findFirst().orElseThrow();
        }
        f.store.put(generations.resolve(first), "{\"format_version\": 1, \"generation\": ".getBytes());

        Fixture.Result text = f.cli(f.a, "list", "json-one", "--from", "s3://backups/json-broken");
        assertThat(text.exit()).isZero();
        assertThat(text.out().lines()).hasSize(3);
        assertThat(text.out()).contains("unreadable: INVALID_MANIFEST");
        assertThat(text.err().lines().filter(l -> l.startsWith("warning:"))).singleElement()
                .satisfies(l -> assertThat(l).contains(first.substring(0, first.indexOf('/'))));

        Fixture.Result json = json("list", "json-one", "--from", "s3://backups/json-broken");
        assertThat(json.exit()).isZero();
        assertThat(json.result().at("/generations/0/error/code").asText()).isEqualTo("INVALID_MANIFEST");
        assertThat(json.result().at("/generations/1/created_at").asText()).isNotEmpty();

        Fixture.Result strict = json("list", "json-one", "--from", "s3://backups/json-broken", "--strict");
        assertThat(strict.exit()).isEqualTo(8);
        assertThat(strict.result().get("generations")).hasSize(2);
    }

    @Test
    void aBackupWritesItsReportBesideTheGenerationAndTheReportFollowsTheSchema() throws Exception {
        Fixture.Result first = json("backup", "json-one", "--to", "s3://backups/json-report");
        assertThat(first.exit()).as(first.err()).isZero();
        JsonNode summary = first.result().at("/backups/0");
        String generation = summary.get("generation").asText();
        String location = "s3://backups/json-report/json-one/generations/" + generation + "/report.json";
        assertThat(summary.get("report").asText()).isEqualTo(location);
        JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                f.store.get(Location.parse(location)).orElseThrow());
        JsonOutputContract.validate(report, "backupReport");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JsonOutputContract.validate(
                ((com.fasterxml.jackson.databind.node.ObjectNode) report.deepCopy()).put("refs_moved", "no"),
                "backupReport")).as("the schema is checked").isInstanceOf(AssertionError.class);
        assertThat(report.get("generation").asText()).isEqualTo(generation);
        assertThat(report.at("/objects/objects").asLong()).isEqualTo(summary.get("objects").asLong());
        assertThat(report.at("/objects/copied_objects").asLong()).isEqualTo(summary.get("copied_objects").asLong())
                .isPositive();
        assertThat(report.at("/objects/held_objects").asLong()).isZero();
        assertThat(report.at("/objects/verified_objects").asLong()).isEqualTo(summary.get("objects").asLong());
        assertThat(report.at("/refs/commits").asLong()).isEqualTo(summary.get("commits").asLong());
        assertThat(report.get("phases")).extracting(p -> p.get("name").asText())
                .containsExactly("prepare", "dump", "plan", "copy", "verify", "commit");
        long phases = 0;
        for (JsonNode p : report.get("phases")) {
            phases += p.get("duration_ms").asLong();
        }
        assertThat(phases).as("the phases follow each other from the start to the end")
                .isEqualTo(report.get("duration_ms").asLong());
        assertThat(report.get("uncommitted")).as("the sample has uncommitted changes").isNotEmpty();
        assertThat(report.get("warnings").get(0).asText()).contains("uncommitted changes");
        String md = new String(f.store.get(Location.parse(location.replace(".json", ".md"))).orElseThrow(),
                StandardCharsets.UTF_8);
        assertThat(md).startsWith("# Backup of json-one: generation " + generation).contains("## Phases")
                .contains("## Uncommitted changes not backed up").contains("| copied by this run |");
        assertThat(f.cli(f.a, "backup", "json-one", "--to", "s3://backups/json-report").out())
                .as("the CLI says where the report is").contains("; report: s3://backups/json-report/json-one/")
                .contains("is unchanged since generation " + generation);

        // a new generation of the unchanged repository all the same: its report copied nothing
        Fixture.Result second = json("backup", "json-one", "--to", "s3://backups/json-report",
                "--force-new-generation");
        JsonNode again = new com.fasterxml.jackson.databind.ObjectMapper().readTree(f.store.get(Location.parse(
                second.result().at("/backups/0/report").asText())).orElseThrow());
        JsonOutputContract.validate(again, "backupReport");
        assertThat(again.at("/objects/copied_objects").asLong()).as("an unchanged repository copies nothing")
                .isZero();
        assertThat(again.at("/objects/held_objects").asLong()).isEqualTo(again.at("/objects/objects").asLong());
    }

    @Test
    void statusTellsTheAgeOfEachRepositorysNewestBackupAndFailsOverTheRpo() throws InterruptedException {
        assertThat(f.cli(f.a, "backup", "json-two", "--to", "s3://backups/json-status", "-q").exit()).isZero();

        Fixture.Result fresh = json("status", "--from", "s3://backups/json-status", "--rpo", "2d");
        assertThat(fresh.exit()).as(fresh.err()).isZero();
        assertThat(fresh.result().get("rpo_window_hours").asDouble()).isEqualTo(48.0);
        JsonNode two = fresh.result().at("/repositories/0");
        assertThat(two.get("repository").asText()).isEqualTo("json-two");
        assertThat(two.get("over_rpo").asBoolean()).isFalse();
        assertThat(two.get("hours_since_last_backup").asDouble()).isLessThan(1.0);

        Fixture.Result never = json("status", "json-two", "json-one", "--from", "s3://backups/json-status");
        assertThat(never.exit()).as("json-one was never backed up there").isEqualTo(3);
        assertThat(never.json().at("/error/code").asText()).isEqualTo("VERIFICATION_FAILED");
        assertThat(never.result().get("repositories")).extracting(r -> r.get("repository").asText())
                .containsExactly("json-one", "json-two");

        Thread.sleep(400); // the backup is then older than the window below however fast it ran
        Fixture.Result text = f.cli(f.a, "status", "--from", "s3://backups/json-status", "--rpo", "0.0001");
        assertThat(text.exit()).as("a backup older than a window of a third of a second").isEqualTo(3);
        assertThat(text.out()).contains("REPOSITORY").contains("json-two").contains("OVER RPO");
        assertThat(text.err()).contains("over the recovery point objective");
        assertThat(f.cli(f.a, "status", "--from", "s3://backups/json-status", "--rpo", "soon").exit())
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void aDrillRestoresVerifiesRemovesWhatItCopiedAndListShowsItBesideTheGeneration() throws Exception {
        assertThat(f.cli(f.a, "backup", "json-one", "--to", "s3://backups/json-drill", "-q").exit()).isZero();
        Fixture.Result drill = json("drill", "json-one", "--from", "s3://backups/json-drill", "--namespace-prefix",
                "s3://target/json-drills", "--sample", "3");
        assertThat(drill.exit()).as(drill.err()).isZero();
        JsonNode r = drill.result();
        assertThat(r.get("ok").asBoolean()).isTrue();
        assertThat(r.get("drill").asText()).isEqualTo("drill-json-one");
        assertThat(r.at("/restored/branches").asInt()).isPositive();
        assertThat(r.at("/check/sampled").asInt()).isEqualTo(3);
        assertThat(r.at("/check/mismatched").asInt()).isZero();
        assertThat(r.at("/cleanup/repositories_deleted").asInt()).isEqualTo(1);
        assertThat(r.at("/cleanup/objects_left").asLong()).isZero();
        assertThat(LakeFsReads.exists(f.sdk(f.a), "drill-json-one")).as("the temporary repository is gone").isFalse();
        assertThat(LakeFsReads.exists(f.sdk(f.a), "json-one")).as("the source is untouched").isTrue();
        try (var s = f.store.list(Location.parse("s3://target/json-drills"), null)) {
            assertThat(s.toList()).as("what the drill copied is removed").isEmpty();
        }
        assertThat(r.get("record").asText()).startsWith("s3://backups/json-drill/json-one/generations/"
                + r.get("generation").asText() + "/drills/").endsWith("-drill-json-one.json");

        Fixture.Result list = json("list", "json-one", "--from", "s3://backups/json-drill");
        JsonNode entry = list.result().at("/generations/0");
        assertThat(entry.at("/last_drill/ok").asBoolean()).isTrue();
        assertThat(entry.at("/last_drill/record").asText()).isEqualTo(r.get("record").asText());
        assertThat(entry.get("last_verified_drill_at").asText()).isEqualTo(r.get("finished_at").asText());
        Fixture.Result text = f.cli(f.a, "list", "json-one", "--from", "s3://backups/json-drill");
        assertThat(text.out()).contains("DRILL").contains("verified " + r.get("finished_at").asText()
                .substring(0, 10));
    }

    @Test
    void usageErrorsAreJsonToo() {
        Fixture.Result missing = json("restore", "json-one");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.json().get("command").asText()).isEqualTo("restore");
        assertThat(missing.json().at("/error/message").asText()).contains("--from").contains("--help");
        Fixture.Result none = f.cli(f.a, "--json");
        assertThat(none.json().get("command").asText()).isEqualTo("lakefs-backup");
    }

    @Test
    void theSchemaNamesEveryErrorCodeAndEveryCommand() {
        JsonNode schema = JsonOutputContract.schemaDocument();
        Set<String> codes = new TreeSet<>();
        schema.at("/$defs/errorCode/enum").forEach(n -> codes.add(n.asText()));
        Set<String> expected = new TreeSet<>();
        Arrays.stream(ErrorCode.values()).forEach(c -> expected.add(c.name()));
        assertThat(codes).isEqualTo(expected);

        Set<String> commands = new TreeSet<>();
        schema.at("/properties/command/enum").forEach(n -> commands.add(n.asText()));
        var cl = LakeFsBackupCommand.commandLine(new java.io.PrintWriter(java.io.Writer.nullWriter()),
                new java.io.PrintWriter(java.io.Writer.nullWriter()), Map.of());
        assertThat(commands).contains(cl.getCommandName()).containsAll(cl.getSubcommands().keySet());
    }
}
