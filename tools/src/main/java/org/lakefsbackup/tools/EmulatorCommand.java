package org.lakefsbackup.tools;

import java.net.BindException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.store.ObjectStore;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.core.store.local.LocalObjectStore;
import org.lakefsbackup.core.store.s3.S3ObjectStore;
import org.lakefsbackup.core.store.s3.S3StoreConfig;
import org.lakefsbackup.testkit.lakefs.LakeFsEmulator;
import org.lakefsbackup.testkit.lakefs.SampleRepository;
import org.lakefsbackup.testkit.s3.EmbeddedS3;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code emulator}: runs the test kit's lakeFS API emulator (and, if asked, an embedded S3 server) until interrupted,
 * and prints the environment that points the CLI at them, to try the CLI from a shell.
 */
@Command(name = "emulator", mixinStandardHelpOptions = true,
        description = {"Run the lakeFS API emulator (a test double, not lakeFS) on 127.0.0.1 until Ctrl-C, and print "
                + "the environment to export for lakefs-backup.",
                "Namespaces: local:// under --data-dir (--blockstore local, the default), or s3:// (--blockstore s3) "
                        + "on the embedded S3 server (--embedded-s3) or the one the --s3-* options name."})
final class EmulatorCommand implements Callable<Integer> {
    /** The block store of the emulated lakeFS: which namespaces its repositories accept. */
    enum BlockstoreType { LOCAL, S3 }

    @ParentCommand
    ToolsCommand top;

    @Option(names = "--port", defaultValue = "0",
            description = "port of the lakeFS API (default 0: a free one; the printed environment names it)")
    int port;

    @Option(names = "--access-key-id", paramLabel = "ID", defaultValue = "AKIAEXAMPLE",
            description = "the access key id the emulator accepts (default AKIAEXAMPLE)")
    String accessKeyId;

    @Option(names = "--secret-access-key", paramLabel = "SECRET", defaultValue = "example-secret",
            description = "the secret the emulator accepts (default example-secret)")
    String secretAccessKey;

    @Option(names = "--blockstore", paramLabel = "local|s3", defaultValue = "local",
            description = "local: namespaces local://... under --data-dir; s3: namespaces s3://bucket/... "
                    + "(default local)")
    BlockstoreType blockstore;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "root of local:// namespaces, lakeFS's blockstore.local.path (default: a new temp dir)")
    Path dataDir;

    @Option(names = "--embedded-s3", description = "also start an S3 server in this process (in memory) with the "
            + "buckets of --bucket")
    boolean embeddedS3;

    @Option(names = "--bucket", split = ",", paramLabel = "NAME[,NAME...]", defaultValue = "lakefs-data,lakefs-backups",
            description = "buckets the embedded S3 server starts with (default lakefs-data,lakefs-backups)")
    List<String> buckets;

    @Option(names = "--s3-endpoint", paramLabel = "URL",
            description = "an S3 server of your own for s3:// namespaces (credentials from the AWS SDK's chain)")
    URI s3Endpoint;

    @Option(names = "--s3-region", paramLabel = "REGION", description = "region of --s3-endpoint")
    String s3Region;

    @Option(names = "--s3-path-style", description = "path-style addressing for --s3-endpoint")
    boolean s3PathStyle;

    @Option(names = "--sample", paramLabel = "REPOSITORY",
            description = "create a sample repository of this name (branches, tags, commits, uncommitted changes)")
    String sample;

    @Option(names = "--env-file", paramLabel = "FILE",
            description = "also write the environment to this file, for a shell to source once it exists")
    Path envFile;

    @Option(names = "--emulator-version", defaultValue = "1.53.1", description = "version GET /config reports")
    String version;

    @Override
    public Integer call() throws Exception {
        if (embeddedS3 && s3Endpoint != null) {
            throw ErrorCode.INVALID_INPUT.exception("give either --embedded-s3 or --s3-endpoint, not both");
        }
        if (blockstore == BlockstoreType.S3 && !embeddedS3 && s3Endpoint == null) {
            throw ErrorCode.INVALID_INPUT.exception("--blockstore s3 needs an S3 server: add --embedded-s3 or "
                    + "--s3-endpoint URL");
        }
        Path root = (dataDir != null ? dataDir : Files.createTempDirectory("lakefs-emulator")).toAbsolutePath();
        try (EmbeddedS3 s3 = embeddedS3 ? EmbeddedS3.start() : null;
             Storage storage = storage(s3, root);
             LakeFsEmulator lakefs = start(storage)) {
            if (s3 != null) {
                buckets.forEach(s3::createBucket);
            }
            Map<String, String> env = environment(lakefs, s3, root);
            if (sample != null) {
                new SampleRepository(SampleRepository.client(lakefs.endpoint(), accessKeyId, secretAccessKey))
                        .create(sample, namespaceOf(sample));
            }
            StringBuilder exports = new StringBuilder();
            env.forEach((k, v) -> exports.append("export ").append(k).append('=').append(v).append('\n'));
            if (envFile != null) {
                Files.writeString(envFile, exports, StandardCharsets.UTF_8);
            }
            StringBuilder human = new StringBuilder("# lakeFS emulator " + version + " (a test double, not lakeFS) at "
                    + lakefs.endpoint() + (s3 != null ? ", embedded S3 at " + s3.endpoint() + " with buckets " + buckets
                    : "") + "; local:// namespaces under " + root + "\n");
            if (sample != null) {
                human.append("# created repository ").append(sample).append(" on ").append(namespaceOf(sample))
                        .append('\n');
            }
            human.append("# in another shell, export this (Ctrl-C here stops the emulator):\n").append(exports);
            top.console.publish("emulator", new Started(lakefs.endpoint(), s3 != null ? s3.endpoint().toString()
                    : null, root.toString(), sample, env), human.toString().stripTrailing());
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                // Interrupted by whoever started it in-process: a clean stop, as Ctrl-C is for a shell.
            }
            return 0;
        }
    }

    /** What the emulator started, for {@code --json}. */
    record Started(String lakefsEndpoint, String s3Endpoint, String localRoot, String sampleRepository,
                   Map<String, String> environment) {
    }

    private String namespaceOf(String repository) {
        return blockstore == BlockstoreType.LOCAL ? "local://" + repository
                : "s3://" + (buckets.isEmpty() ? "lakefs-data" : buckets.get(0)) + "/" + repository;
    }

    private Storage storage(EmbeddedS3 s3, Path root) {
        List<ObjectStore> stores = new ArrayList<>();
        stores.add(LocalObjectStore.withLocalRoot(root));
        if (s3 != null) {
            stores.add(s3.newStore());
        } else if (s3Endpoint != null) {
            S3StoreConfig.Builder config = S3StoreConfig.builder().endpointOverride(s3Endpoint).pathStyle(s3PathStyle);
            if (s3Region != null) {
                config.region(s3Region);
            }
            stores.add(new S3ObjectStore(config.build()));
        }
        return new Storage(stores);
    }

    private LakeFsEmulator start(Storage storage) {
        try {
            return LakeFsEmulator.builder().storage(storage).port(port).version(version)
                    .blockstoreType(blockstore.name().toLowerCase(java.util.Locale.ROOT))
                    .credentials(accessKeyId, secretAccessKey).build().start();
        } catch (java.io.UncheckedIOException e) {
            if (e.getCause() instanceof BindException) {
                throw ErrorCode.CONFLICT.exception("port " + port + " is in use: choose another with --port (0 picks "
                        + "a free one)", e);
            }
            throw ErrorCode.INVALID_INPUT.exception("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw ErrorCode.INVALID_INPUT.exception("--port " + port + ": " + e.getMessage(), e);
        }
    }

    /** The variables that point lakefs-backup at this emulator (and S3 server). */
    private Map<String, String> environment(LakeFsEmulator lakefs, EmbeddedS3 s3, Path root) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LAKECTL_SERVER_ENDPOINT_URL", lakefs.endpoint());
        env.put("LAKECTL_CREDENTIALS_ACCESS_KEY_ID", accessKeyId);
        env.put("LAKECTL_CREDENTIALS_SECRET_ACCESS_KEY", secretAccessKey);
        env.put("LAKEFS_BACKUP_LOCAL_ROOT", root.toString());
        if (s3 != null) {
            env.put("LAKEFS_BACKUP_S3_ENDPOINT", s3.endpoint().toString());
            env.put("LAKEFS_BACKUP_S3_PATH_STYLE", "true");
            env.put("LAKEFS_BACKUP_S3_REGION", EmbeddedS3.REGION);
            env.put("AWS_ACCESS_KEY_ID", EmbeddedS3.ACCESS_KEY);
            env.put("AWS_SECRET_ACCESS_KEY", EmbeddedS3.SECRET_KEY);
        }
        return env;
    }
}
