package org.lakefsbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a person reads: progress, usage errors, the names in messages, the prompt, the version, completion. */
class MessagesTest extends FixtureTest {

    @BeforeAll
    void repository() {
        f.sample(f.a).create("talk", "s3://source/talk");
    }

    @Test
    void progressNamesTheRepositoryAndShowsOnlyStepsThatRun() {
        Fixture.Result r = f.cli(f.a, "backup", "talk", "--to", "s3://backups/talk");
        assertThat(r.exit()).as(r.err()).isZero();
        var progress = r.err().lines().filter(l -> !l.startsWith("warning:")).toList();
        assertThat(progress).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith("talk: "));
        assertThat(progress).contains("talk: prepare-backup", "talk: verify-backup").noneMatch(l -> l.contains("commit-uncommitted"));
        Fixture.Result committing = f.cli(f.a, "backup", "talk", "--to", "s3://backups/talk-c", "--commit");
        assertThat(committing.err().lines()).contains("talk: commit-uncommitted");
    }

    @Test
    void aUsageErrorIsOneLinePointingToHelp() {
        Fixture.Result r = f.cli(f.a, "restore", "talk", "--from", "s3://backups/talk");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().lines()).singleElement().satisfies(l -> assertThat(l)
                .startsWith("error: Missing required option: '--namespace=URI'")
                .endsWith("(see 'lakefs-backup restore --help')"));
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aBadValueIsReportedUnderTheNameTheUserSet() {
        Fixture.Result option = f.cli(f.a, "backup", "talk", "--to", "s3://backups/x", "--chunk-size", "0");
        assertThat(option.err()).contains("option '--chunk-size'").doesNotContain("copyChunkSize");
        Map<String, String> env = f.env(f.a);
        env.put("LAKEFS_BACKUP_CHUNK_SIZE", "zero");
        Fixture.Result variable = Fixture.cli(env, "backup", "talk", "--to", "s3://backups/x");
        assertThat(variable.exit()).isEqualTo(2);
        assertThat(variable.err()).contains("environment variable LAKEFS_BACKUP_CHUNK_SIZE: 'zero'")
                .doesNotContain("--chunk-size'");
        env.put("LAKEFS_BACKUP_S3_ENDPOINT", "minio:9000");
        env.remove("LAKEFS_BACKUP_CHUNK_SIZE");
        Fixture.Result endpoint = Fixture.cli(env, "list", "talk", "--from", "s3://backups/x");
        assertThat(endpoint.err()).contains("LAKEFS_BACKUP_S3_ENDPOINT").contains("http:// or https://");
    }

    @Test
    void aLocationOneLevelTooDeepIsNotFoundWithAHint() {
        assertThat(f.cli(f.a, "backup", "talk", "--to", "s3://backups/talk-deep", "-q").exit()).isZero();
        Fixture.Result list = f.cli(f.a, "list", "talk", "--from", "s3://backups/talk-deep/talk");
        assertThat(list.exit()).isEqualTo(4);
        assertThat(list.err()).contains("looks like one repository's own folder");
        Fixture.Result restore = f.cli(f.a, "restore", "talk", "--from", "s3://backups/talk-deep/talk", "--as",
                "talk-deep", "--namespace", "s3://target/talk-deep", "--dry-run");
        assertThat(restore.exit()).isEqualTo(4);
        assertThat(restore.err()).contains("looks like one repository's own folder");
        Fixture.Result other = f.cli(f.a, "list", "nobody", "--from", "s3://backups/talk-deep");
        assertThat(other.err()).contains("it holds backups of [talk]");
    }

    @Test
    void aStackTraceOnlyWithVeryVerbose() {
        Map<String, String> env = f.env(f.a);
        env.put("LAKECTL_CREDENTIALS_SECRET_ACCESS_KEY", "wrong");
        Fixture.Result plain = Fixture.cli(env, "dump", "talk", "--output-dir", tmp.toString());
        assertThat(plain.err()).doesNotContain("\tat ");
        Fixture.Result traced = Fixture.cli(env, "dump", "talk", "--output-dir", tmp.toString(), "-vv");
        assertThat(traced.err()).contains("UnauthorizedException").contains("\tat ");
    }

    @Test
    void theSecretPromptGoesToStderrAndTheSecretComesFromStdinWithoutATerminal() {
        Map<String, String> env = f.env(f.a);
        env.remove("LAKECTL_CREDENTIALS_SECRET_ACCESS_KEY");
        InputStream in = System.in;
        try {
            System.setIn(new ByteArrayInputStream((Fixture.SECRET + "\n").getBytes(StandardCharsets.UTF_8)));
            Fixture.Result r = Fixture.cli(env, "dump", "talk", "--output-dir", tmp.toString(), "--json",
                    "--secret-access-key");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.err()).contains("lakeFS secret access key: ").doesNotContain(Fixture.SECRET);
            assertThat(r.json().get("ok").asBoolean()).isTrue();
        } finally {
            System.setIn(in);
        }
    }

    @Test
    void theVersionNamesTheCommit() {
        Fixture.Result r = Fixture.cli(Map.of(), "--version");
        assertThat(r.exit()).isZero();
        assertThat(r.out().strip()).matches("lakefs-backup \\S+ \\(commit \\S+\\)");
    }

    @Test
    void completionScriptsComeFromTheCommandModel() {
        Fixture.Result bash = Fixture.cli(Map.of(), "completion", "bash");
        assertThat(bash.exit()).as(bash.err()).isZero();
        assertThat(bash.out()).contains("complete -F").contains("restore-refs").contains("--dry-run")
                .contains("--ca-bundle");
        Fixture.Result zsh = Fixture.cli(Map.of(), "completion", "zsh");
        assertThat(zsh.out()).contains("bashcompinit").contains("restore-refs");
        assertThat(Fixture.cli(Map.of(), "completion", "zsh", "--json").json().at("/result/shell").asText())
                .isEqualTo("zsh");
    }
}
