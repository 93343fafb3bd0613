package org.lakefsbackup.cli.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lakefsbackup.cli.Main;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.s3.S3ObjectStore;
import org.lakefsbackup.testkit.cli.JsonOutputContract;
import org.lakefsbackup.testkit.s3.EmbeddedS3;
import org.lakefsbackup.testkit.s3.S3TestServer;

/**
 * The servers one scenario class shares: an S3 server with buckets {@code source}, {@code backups},
 * {@code target} and {@code imports}, two lakeFS servers of the backend on it ({@link #a}, {@link #b}), and the
 * CLI run in-process as a user would run it, configured through its environment.
 */
final class ScenarioWorld implements AutoCloseable {
    static final List<String> BUCKETS = List.of("source", "backups", "target", "imports");

    final LakeFsBackend backend;
    final S3TestServer s3;
    final S3ObjectStore store;
    final Path tmp;
    final LakeFsBackend.Server a;
    final LakeFsBackend.Server b;
    private final List<LakeFsBackend.Server> extra = new ArrayList<>();

    /** What a CLI run printed and returned. */
    record Result(int exit, String out, String err) {
        /** The --json envelope's result; the envelope validated against docs/json-output.schema.json. */
        JsonNode json() {
            return JsonOutputContract.validate(out).get("result");
        }
    }

    ScenarioWorld(LakeFsBackend backend, S3TestServer s3, Path tmp) {
        this.backend = backend;
        this.s3 = s3;
        this.tmp = tmp;
        // The CLI's S3 store takes credentials from the SDK's default chain, as a user's would.
        System.setProperty("aws.accessKeyId", s3.accessKeyId());
        System.setProperty("aws.secretAccessKey", s3.secretAccessKey());
        BUCKETS.forEach(s3::createBucket);
        this.store = s3.newStore();
        this.a = backend.startOnS3(s3);
        LakeFsBackend.Server second;
        try {
            second = backend.startOnS3(s3);
        } catch (RuntimeException e) {
            a.close();
            throw e;
        }
        this.b = second;
    }

    /** Another server with a local block store under {@code tmp/<name>}; closed with the world. */
    LakeFsBackend.Server localServer(String name, List<String> importPrefixes) {
        LakeFsBackend.Server server = backend.startOnLocal(tmp.resolve(name), importPrefixes, s3);
        extra.add(server);
        return server;
    }

    Map<String, String> env(LakeFsBackend.Server lakefs) {
        Map<String, String> env = new HashMap<>();
        env.put("LAKECTL_SERVER_ENDPOINT_URL", lakefs.endpoint());
        env.put("LAKECTL_CREDENTIALS_ACCESS_KEY_ID", lakefs.accessKeyId());
        env.put("LAKECTL_CREDENTIALS_SECRET_ACCESS_KEY", lakefs.secretAccessKey());
        env.put("LAKEFS_BACKUP_S3_ENDPOINT", s3.endpoint().toString());
        env.put("LAKEFS_BACKUP_S3_PATH_STYLE", "true");
        env.put("LAKEFS_BACKUP_S3_REGION", EmbeddedS3.REGION);
        env.put("LAKEFS_BACKUP_LOCAL_ROOT", lakefs.localRoot() != null ? lakefs.localRoot().toString()
                : tmp.resolve("no-local-root").toString());
        env.put("HOME", home().toString());
        return env;
    }

    Path home() {
        try {
            return Files.createDirectories(tmp.resolve("home"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the CLI against {@code lakefs} with the given arguments. */
    Result cli(LakeFsBackend.Server lakefs, String... args) {
        return cli(env(lakefs), args);
    }

    static Result cli(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), env, args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** Runs the CLI and requires exit 0. */
    Result ok(LakeFsBackend.Server lakefs, String... args) {
        Result r = cli(lakefs, args);
        assertThat(r.exit()).as("exit of %s%nstdout: %s%nstderr: %s", String.join(" ", args), r.out(), r.err())
                .isZero();
        return r;
    }

    /** Keys (relative) under a location of the S3 server. */
    List<String> keys(String prefix) {
        try (var listing = store.list(Location.parse(prefix), null)) {
            return listing.map(ObjectInfo::key).toList();
        }
    }

    /** Deletes every object under a namespace: the disaster of a disaster-recovery scenario. */
    int wipe(String namespace) {
        Location root = Location.parse(namespace);
        List<String> keys = keys(namespace);
        keys.forEach(k -> store.delete(root.resolve(k)));
        return keys.size();
    }

    @Override
    public void close() {
        RuntimeException first = null;
        List<AutoCloseable> all = new ArrayList<>(extra);
        all.add(a);
        all.add(b);
        all.add(store);
        for (AutoCloseable c : all) {
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
