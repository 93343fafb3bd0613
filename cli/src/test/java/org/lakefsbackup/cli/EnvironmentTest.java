package org.lakefsbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.config.Env;
import org.lakefsbackup.core.error.ErrorCode;

/**
 * The CLI takes option defaults from the environment only for connection and tuning: variables named like
 * behaviour switches change nothing, so a shell that exported them cannot turn {@code backup foo} into a backup of
 * every repository, commit staged changes or remove anything.
 */
class EnvironmentTest extends FixtureTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void behaviourSwitchesInTheEnvironmentChangeNothing() throws Exception {
        f.sample(f.a).create("env-foo", "s3://source/env-foo");
        f.sample(f.a).create("env-bar", "s3://source/env-bar");
        Map<String, String> devBefore = LakeFsReads.branches(f.sdk(f.a), "env-foo", true);
        Map<String, String> env = f.env(f.a);
        env.put("LAKEFS_BACKUP_ALL", "true");
        env.put("LAKEFS_BACKUP_COMMIT", "true");
        env.put("LAKEFS_BACKUP_RM", "true");
        env.put(Env.BACKUP_LOCATION, "s3://backups/env");

        Fixture.Result r = Fixture.cli(env, "backup", "env-foo", "--json", "-q");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode summaries = r.result().get("backups");
        assertThat(summaries).hasSize(1);
        assertThat(summaries.get(0).get("repository").asText()).isEqualTo("env-foo");
        assertThat(r.err()).as("staged changes reported, not committed").contains("uncommitted changes")
                .contains("--commit");
        assertThat(LakeFsReads.branches(f.sdk(f.a), "env-foo", true)).as("no commit made").isEqualTo(devBefore);
        assertThat(Fixture.cli(env, "list", "env-foo", "--json").result().get("generations")).hasSize(1);
        Fixture.Result bar = Fixture.cli(env, "list", "env-bar", "--json");
        assertThat(bar.exit()).as("env-bar not backed up: " + bar.err()).isEqualTo(ErrorCode.NOT_FOUND.exitCode());
        assertThat(bar.out() + bar.err()).contains("no committed generation of env-bar");
        try (var s = f.store.list(org.lakefsbackup.core.store.Location.parse("s3://backups/env/env-bar"), null)) {
            assertThat(s.count()).isZero();
        }
    }

    @Test
    void everyOptionDefaultComesFromAConnectionOrTuningVariable() {
        assertThat(EnvironmentDefaultProvider.OPTIONS.values()).allMatch(Env.CLI_DEFAULTS::contains);
        assertThat(EnvironmentDefaultProvider.OPTIONS.keySet()).doesNotContain("--all", "--commit", "--rm", "--as",
                "--break-lease", "--resume", "--dry-run", "--older-than", "--generation", "--namespace");
    }
}
