package org.lakefsbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;

/** A dry run says what would happen, as the real run would find it, and changes nothing in lakeFS or any store. */
class DryRunTest extends FixtureTest {

    long count(String location) {
        Location l = Location.parse(location);
        try (Stream<ObjectInfo> s = f.storage.storeFor(l).list(l, null)) {
            return s.count();
        }
    }

    /** lakeFS calls that change something: every method but GET (and HEAD). */
    Map<String, Long> changes() {
        Map<String, Long> writes = new TreeMap<>();
        f.a.requestCounts().forEach((k, v) -> {
            if (!k.startsWith("GET ") && !k.startsWith("HEAD ")) {
                writes.put(k, v);
            }
        });
        return writes;
    }

    @Test
    void aBackupDryRunCountsWhatWouldBeCopiedAndWritesNothing() throws Exception {
        f.sample(f.a).create("dry-backup", "s3://source/dry-backup");
        long namespaceBefore = count("s3://source/dry-backup");
        Map<String, Long> before = changes();

        Fixture.Result dry = f.cli(f.a, "backup", "dry-backup", "--to", "s3://backups/dry", "--commit", "--dry-run",
                "--json");
        assertThat(dry.exit()).as(dry.err()).isZero();
        JsonNode plan = dry.result().get("planned").get(0);
        assertThat(dry.result().get("dry_run").asBoolean()).isTrue();
        assertThat(dry.result().get("backups")).isEmpty();
        assertThat(plan.get("objects").asLong()).isEqualTo(namespaceBefore);
        assertThat(plan.get("copy_objects").asLong()).isEqualTo(namespaceBefore);
        assertThat(plan.get("copy_bytes").asLong()).isPositive();
        assertThat(count("s3://backups/dry")).as("nothing written to the backup location").isZero();
        assertThat(count("s3://source/dry-backup")).as("no dump written into the namespace").isEqualTo(namespaceBefore);
        assertThat(changes()).as("no commit, dump or other change in lakeFS").isEqualTo(before);

        Fixture.Result text = f.cli(f.a, "backup", "dry-backup", "--to", "s3://backups/dry", "--dry-run");
        assertThat(text.out()).contains("would back up dry-backup").contains("copy " + namespaceBefore);
        assertThat(text.err().lines().filter(l -> l.contains("uncommitted changes"))).hasSize(1);

        assertThat(f.cli(f.a, "backup", "dry-backup", "--to", "s3://backups/dry", "-q").exit()).isZero();
        long backupObjects = count("s3://backups/dry");
        Fixture.Result again = f.cli(f.a, "backup", "dry-backup", "--to", "s3://backups/dry", "--dry-run", "--json");
        JsonNode second = again.result().get("planned").get(0);
        assertThat(second.get("copy_objects").asLong()).as("everything is held now").isZero();
        assertThat(second.get("held_objects").asLong()).isEqualTo(second.get("objects").asLong());
        String latest = f.cli(f.a, "list", "dry-backup", "--from", "s3://backups/dry", "--json").result()
                .get("generations").get(0).get("generation").asText();
        assertThat(second.get("unchanged").asBoolean()).as("nothing changed since the backup").isTrue();
        assertThat(second.get("still_current").asText()).isEqualTo(latest);
        assertThat(f.cli(f.a, "backup", "dry-backup", "--to", "s3://backups/dry", "--dry-run").out())
                .contains("would mark generation " + latest + " of dry-backup still current");
        Fixture.Result forced = f.cli(f.a, "backup", "dry-backup", "--to", "s3://backups/dry", "--dry-run",
                "--force-new-generation", "--json");
        assertThat(forced.result().get("planned").get(0).get("unchanged").asBoolean())
                .as("a new generation asked for").isFalse();

        f.sample(f.a).upload("dry-backup", "dev", Map.of("later.txt", "changed"));
        JsonNode changed = f.cli(f.a, "backup", "dry-backup", "--to", "s3://backups/dry", "--dry-run", "--json")
                .result().get("planned").get(0);
        assertThat(changed.get("unchanged").asBoolean()).as("an uncommitted change since").isFalse();
        assertThat(changed.has("still_current")).isFalse();
        assertThat(count("s3://backups/dry")).as("the dry runs wrote nothing").isEqualTo(backupObjects);
    }

    @Test
    void aRestoreDryRunChecksTheTargetAndSaysWhatItWouldCreateAndCopy() throws Exception {
        f.sample(f.a).create("dry-restore", "s3://source/dry-restore");
        assertThat(f.cli(f.a, "backup", "dry-restore", "--to", "s3://backups/dry-r", "-q").exit()).isZero();
        long backupObjects = count("s3://backups/dry-r");
        Map<String, Long> before = changes();

        Fixture.Result dry = f.cli(f.a, "restore", "dry-restore", "--from", "s3://backups/dry-r", "--as",
                "dry-copy", "--namespace", "s3://target/dry-copy", "--dry-run", "--json");
        assertThat(dry.exit()).as(dry.err()).isZero();
        JsonNode plan = dry.result();
        assertThat(plan.get("dry_run").asBoolean()).isTrue();
        assertThat(plan.get("repository").asText()).isEqualTo("dry-copy");
        assertThat(plan.get("default_branch").asText()).isEqualTo("main");
        assertThat(plan.get("copy_objects").asLong()).isEqualTo(plan.get("objects").asLong()).isPositive();
        assertThat(LakeFsReads.exists(f.sdk(f.a), "dry-copy")).isFalse();
        assertThat(count("s3://target/dry-copy")).isZero();
        assertThat(count("s3://backups/dry-r")).as("no restore record or scratch").isEqualTo(backupObjects);
        assertThat(changes()).isEqualTo(before);

        Fixture.Result conflict = f.cli(f.a, "restore", "dry-restore", "--from", "s3://backups/dry-r",
                "--namespace", "s3://target/dry-same", "--dry-run");
        assertThat(conflict.exit()).as("the same checks as a restore").isEqualTo(5);
        assertThat(conflict.err()).contains("already exists");
    }
}
