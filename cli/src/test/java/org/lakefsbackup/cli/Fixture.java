package org.lakefsbackup.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakefs.clients.sdk.ApiClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.core.store.local.LocalObjectStore;
import org.lakefsbackup.core.store.s3.S3ObjectStore;
import org.lakefsbackup.testkit.cli.JsonOutputContract;
import org.lakefsbackup.testkit.lakefs.LakeFsEmulator;
import org.lakefsbackup.testkit.lakefs.SampleRepository;
import org.lakefsbackup.testkit.s3.EmbeddedS3;

/**
 * One embedded S3 server with buckets {@code source}, {@code backups}, {@code target}, two lakeFS emulators
 * ({@code a} and {@code b}, each with its own local block store) and a way to run the CLI in-process.
 */
final class Fixture implements AutoCloseable {
    static final String KEY = "AKIAEMULATOR";
    static final String SECRET = "emulator-secret-key";

    final EmbeddedS3 s3;
    final Path localRootA;
    final Path localRootB;
    final Path home;
    final S3ObjectStore store;
    final Storage storage;
    final LakeFsEmulator a;
    final LakeFsEmulator b;

    /** What a CLI run printed and returned. */
    record Result(int exit, String out, String err) {
        /** stdout as the --json envelope, validated against docs/json-output.schema.json. */
        JsonNode json() {
            return JsonOutputContract.validate(out);
        }

        /** The envelope's result. */
        JsonNode result() {
            return json().get("result");
        }
    }

    Fixture(Path tmp) {
        System.setProperty("aws.accessKeyId", EmbeddedS3.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", EmbeddedS3.SECRET_KEY);
        s3 = EmbeddedS3.start();
        for (String bucket : List.of("source", "backups", "target")) {
            s3.createBucket(bucket);
        }
        localRootA = tmp.resolve("lakefs-a-block");
        localRootB = tmp.resolve("lakefs-b-block");
        home = tmp.resolve("home");
        store = s3.newStore();
        storage = Storage.of(store, LocalObjectStore.withLocalRoot(localRootA));
        a = LakeFsEmulator.builder().storage(storage).credentials(KEY, SECRET).build().start();
        b = LakeFsEmulator.builder().storage(Storage.of(s3.newStore(), LocalObjectStore.withLocalRoot(localRootB)))
                .credentials(KEY, SECRET).build().start();
    }

    /** A lakeFS whose block store is local (namespaces local://...), rooted where {@link #env} points the CLI. */
    LakeFsEmulator startLocalBlockstoreEmulator() {
        return LakeFsEmulator.builder().storage(storage).blockstoreType("local").credentials(KEY, SECRET).build()
                .start();
    }

    ApiClient sdk(LakeFsEmulator lakefs) {
        return SampleRepository.client(lakefs.endpoint(), KEY, SECRET);
    }

    SampleRepository sample(LakeFsEmulator lakefs) {
        return new SampleRepository(sdk(lakefs));
    }

    Map<String, String> env(LakeFsEmulator lakefs) {
        Map<String, String> env = new HashMap<>();
        env.put("LAKECTL_SERVER_ENDPOINT_URL", lakefs.endpoint());
        env.put("LAKECTL_CREDENTIALS_ACCESS_KEY_ID", KEY);
        env.put("LAKECTL_CREDENTIALS_SECRET_ACCESS_KEY", SECRET);
        env.put("LAKEFS_BACKUP_S3_ENDPOINT", s3.endpoint().toString());
        env.put("LAKEFS_BACKUP_S3_PATH_STYLE", "true");
        env.put("LAKEFS_BACKUP_S3_REGION", EmbeddedS3.REGION);
        env.put("LAKEFS_BACKUP_LOCAL_ROOT", (lakefs == b ? localRootB : localRootA).toString());
        env.put("HOME", home.toString());
        return env;
    }

    Result cli(LakeFsEmulator lakefs, String... args) {
        return cli(env(lakefs), args);
    }

    static Result cli(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), env, args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Override
    public void close() {
        a.close();
        b.close();
        storage.close();
        s3.close();
    }
}
