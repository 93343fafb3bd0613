package org.lakefsbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.store.Location;

/**
 * Every exit code the README documents, each produced by a real failure: the code, one {@code error:} line and no
 * stack trace in text mode, and with {@code --json} an envelope that validates against the schema and carries the
 * error's code and retryability.
 */
class ExitCodesTest extends FixtureTest {
    private TlsFrontend tls;

    /**
     * One row of the table.
     *
     * @param name  what it shows
     * @param exit  the expected exit code
     * @param code  the expected {@link ErrorCode}, null for success
     * @param run   runs the CLI, with {@code --json} appended when asked
     */
    record Case(String name, int exit, ErrorCode code, Function<Boolean, Fixture.Result> run) {
        @Override
        public String toString() {
            return exit + " " + name;
        }
    }

    @BeforeAll
    void backups() throws Exception {
        f.sample(f.a).create("codes", "s3://source/codes");
        assertThat(f.cli(f.a, "backup", "codes", "--to", "s3://backups/codes", "-q").exit()).isZero();
        assertThat(f.cli(f.a, "backup", "codes", "--to", "s3://backups/codes-damaged", "-q").exit()).isZero();
        Location objects = Location.parse("s3://backups/codes-damaged/codes/objects");
        try (Stream<org.lakefsbackup.core.store.ObjectInfo> s = f.store.list(objects, null)) {
            f.store.delete(objects.resolve(s.filter(o -> o.key().startsWith("data/")).findFirst().orElseThrow()
                    .key()));
        }
        f.store.put(Location.parse("s3://target/codes-occupied/x"), new byte[] {1});
        Files.writeString(tmp.resolve("a-file"), "not a directory", StandardCharsets.UTF_8);
        Files.writeString(tmp.resolve("malformed_manifest.json"), "{\"repository\": [", StandardCharsets.UTF_8);
        tls = new TlsFrontend(java.net.URI.create(f.a.endpoint().replace("/api/v1", "")), tmp);
    }

    @AfterAll
    void stopTls() {
        tls.close();
    }

    Fixture.Result run(boolean json, Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (json) {
            all.add("--json");
        }
        all.add("-q");
        return Fixture.cli(env, all.toArray(String[]::new));
    }

    Fixture.Result run(boolean json, String... args) {
        return run(json, f.env(f.a), args);
    }

    List<Case> cases() {
        return List.of(
                new Case("success", 0, null, json -> run(json, "list", "codes", "--from", "s3://backups/codes")),
                new Case("a commit refused by a pre-commit hook", 1, ErrorCode.COMMIT_REJECTED, json -> {
                    f.a.setPreCommitFailure("dev", true);
                    try {
                        return run(json, "backup", "codes", "--to", "s3://backups/codes-commit", "--commit");
                    } finally {
                        f.a.setPreCommitFailure("dev", false);
                    }
                }),
                new Case("a required option missing", 2, ErrorCode.INVALID_INPUT,
                        json -> run(json, "backup", "codes")),
                new Case("a backup location that is a file", 2, ErrorCode.INVALID_INPUT,
                        json -> run(json, "backup", "codes", "--to", tmp.resolve("a-file").toUri().toString())),
                new Case("a backup object missing", 3, ErrorCode.VERIFICATION_FAILED,
                        json -> run(json, "verify", "codes", "--from", "s3://backups/codes-damaged")),
                new Case("no backup at the location", 4, ErrorCode.NOT_FOUND,
                        json -> run(json, "restore", "codes", "--from", "s3://backups/nothing-here", "--as",
                                "codes-nothing", "--namespace", "s3://target/codes-nothing")),
                new Case("a target namespace that is not empty", 5, ErrorCode.CONFLICT,
                        json -> run(json, "restore", "codes", "--from", "s3://backups/codes", "--as",
                                "codes-occupied", "--namespace", "s3://target/codes-occupied")),
                new Case("a wrong lakeFS secret", 6, ErrorCode.UNAUTHORIZED, json -> {
                    Map<String, String> env = f.env(f.a);
                    env.put("LAKECTL_CREDENTIALS_SECRET_ACCESS_KEY", "wrong-secret");
                    return run(json, env, "dump", "codes", "--output-dir", tmp.toString());
                }),
                new Case("a lakeFS TLS certificate no trusted CA vouches for", 6, ErrorCode.UNTRUSTED_CERTIFICATE,
                        json -> run(json, "dump", "codes", "--output-dir", tmp.toString(), "--endpoint-url",
                                tls.url("/api/v1"))),
                new Case("a lakeFS endpoint nobody listens on", 7, ErrorCode.UNAVAILABLE,
                        json -> run(json, "dump", "codes", "--output-dir", tmp.toString(), "--endpoint-url",
                                "http://127.0.0.1:9")),
                new Case("a malformed manifest", 8, ErrorCode.INVALID_MANIFEST,
                        json -> run(json, "restore-refs", tmp.resolve("malformed_manifest.json").toString())));
    }

    Stream<Case> table() {
        return cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void eachFailureHasItsDocumentedExitCodeAndOneErrorLine(Case c) {
        Fixture.Result text = c.run().apply(false);
        assertThat(text.exit()).as(text.err()).isEqualTo(c.exit());
        assertThat(text.err()).as("no stack trace, no raw exception").doesNotContain("\tat ")
                .doesNotContainPattern("\\b(java|javax|software|io|org)\\.[\\w.]+Exception");
        List<String> errors = text.err().lines().filter(l -> l.startsWith("error:")).toList();
        if (c.exit() == 0) {
            assertThat(errors).isEmpty();
        } else {
            assertThat(errors).as(text.err()).hasSize(1);
        }

        Fixture.Result json = c.run().apply(true);
        assertThat(json.exit()).isEqualTo(c.exit());
        JsonNode envelope = json.json();
        assertThat(envelope.get("exit_code").asInt()).isEqualTo(c.exit());
        assertThat(envelope.get("ok").asBoolean()).isEqualTo(c.exit() == 0);
        assertThat(json.err().lines().filter(l -> l.startsWith("error:"))).as("the error is in the JSON").isEmpty();
        if (c.code() != null) {
            assertThat(envelope.at("/error/code").asText()).isEqualTo(c.code().name());
            assertThat(envelope.at("/error/retryable").asBoolean()).isEqualTo(c.code().retryable());
            assertThat(c.code().exitCode()).isEqualTo(c.exit());
        }
    }

    @Test
    void theTableCoversEveryExitCodeTheReadmeDocuments() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        String section = readme.substring(readme.indexOf("## Exit codes"));
        section = section.substring(0, section.indexOf("\n## ", 3));
        Set<Integer> documented = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| (\\d+) \\|").matcher(section);
        while (row.find()) {
            documented.add(Integer.parseInt(row.group(1)));
        }
        Set<Integer> tested = new TreeSet<>();
        cases().forEach(c -> tested.add(c.exit()));
        Set<Integer> codes = new TreeSet<>(List.of(0));
        for (ErrorCode code : ErrorCode.values()) {
            codes.add(code.exitCode());
        }
        assertThat(documented).isEqualTo(tested).isEqualTo(codes);
    }

    @Test
    void anUntrustedCertificateNamesTheFixAndTheCaBundleFixesIt() {
        Fixture.Result untrusted = run(false, "dump", "codes", "--output-dir", tmp.toString(), "--endpoint-url",
                tls.url("/api/v1"));
        assertThat(untrusted.err()).contains("not trusted").contains("--ca-bundle").contains("AWS_CA_BUNDLE");
        String before = System.getProperty("javax.net.ssl.trustStore");
        try {
            Fixture.Result trusted = run(false, "dump", "codes", "--output-dir", tmp.toString(), "--endpoint-url",
                    tls.url("/api/v1"), "--ca-bundle", tls.certificate().toString());
            assertThat(trusted.exit()).as(trusted.err()).isZero();
            assertThat(tmp.resolve("codes_manifest.json")).exists();

            Map<String, String> env = f.env(f.a);
            env.put("AWS_CA_BUNDLE", tls.certificate().toString());
            Fixture.Result fromEnvironment = run(false, env, "dump", "codes", "--output-dir", tmp.toString(),
                    "--endpoint-url", tls.url("/api/v1"));
            assertThat(fromEnvironment.exit()).as(fromEnvironment.err()).isZero();
        } finally {
            for (String p : List.of("javax.net.ssl.trustStore", "javax.net.ssl.trustStoreType",
                    "javax.net.ssl.trustStorePassword")) {
                System.clearProperty(p);
            }
            if (before != null) {
                System.setProperty("javax.net.ssl.trustStore", before);
            }
        }
    }
}
