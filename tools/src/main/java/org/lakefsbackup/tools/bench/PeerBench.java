package org.lakefsbackup.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.core.store.s3.S3ObjectStore;
import org.lakefsbackup.testkit.fault.FaultInjectingProxy;
import org.lakefsbackup.testkit.lakefs.LakeFsEmulator;
import org.lakefsbackup.testkit.lakefs.SampleRepository;
import org.lakefsbackup.testkit.real.MinioServer;
import org.lakefsbackup.testkit.s3.S3TestServer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * lakefs-backup side by side with {@code rclone copy} and {@code aws s3 sync} on one S3 server: the same namespace of
 * N small objects shaped like lakeFS's ({@code data/<prefix>/<id>}, about 1,000 per prefix, plus the sample
 * repository's {@code _lakefs/} files), copied server-side into an empty prefix (full), again after 1% new objects
 * were added (incremental), and once more unchanged. Every client is a child process talking to the server through
 * a counting proxy (requests by operation), timed by {@code /usr/bin/time} (wall, and CPU seconds of the process and
 * its children). Rounds interleave the clients (the order rotates each round) after one warm-up round on a small
 * namespace, so that the machine's load changes alike for all of them; each round starts from an empty destination.
 *
 * <p>The server is S3Proxy in a JVM of its own (in memory) or MinIO (a single drive, no encryption); the lakeFS
 * emulator (in this JVM, talking to the server directly) serves lakefs-backup's lakeFS calls.
 */
public final class PeerBench {
    static final String KEY = "AKIABENCH";
    static final String SECRET = "bench-secret-not-for-production";
    static final String SOURCE = "bench-src";
    static final String TARGET = "bench-dst";
    static final String REPOSITORY = "bench-repo";
    static final String WARM_UP = "bench-warm";
    static final int WARM_UP_OBJECTS = 1000;

    /** The S3 servers. */
    public enum Server {
        S3PROXY, MINIO
    }

    /** The clients compared. */
    public enum Peer {
        LAKEFS_BACKUP("lakefs-backup backup"),
        RCLONE("rclone copy --transfers 64 --checkers 64"),
        RCLONE_CHECKSUM("rclone copy --transfers 64 --checkers 64 --checksum"),
        AWS("aws s3 sync");

        private final String label;

        Peer(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** What a run does. */
    public enum Phase {
        FULL, INCREMENTAL, UNCHANGED
    }

    /**
     * How to run.
     *
     * @param peers        the clients
     * @param rounds       measured rounds (after one warm-up round)
     * @param deltaPercent new objects added for the incremental run, in percent of N
     * @param objectSize   bytes per generated object
     * @param productJar   the lakefs-backup jar ({@code cli/target/lakefs-backup-all.jar})
     * @param javaOptions  JVM options for lakefs-backup's process
     * @param productArgs  extra options for {@code lakefs-backup backup}
     * @param timeout      the longest one client run may take
     * @param launcher     the launcher script lakefs-backup runs through ({@code cli/bin/lakefs-backup}: its class
     *                     data archive, its JIT choice; {@code javaOptions} go in {@code JAVA_OPTS}), or
     *                     {@code null} for {@code java -jar}
     */
    public record Options(List<Peer> peers, int rounds, double deltaPercent, int objectSize, Path productJar,
                          List<String> javaOptions, List<String> productArgs, Duration timeout, Path launcher) {
        public Options {
            peers = List.copyOf(peers);
            javaOptions = List.copyOf(javaOptions);
            productArgs = List.copyOf(productArgs);
            if (rounds < 1 || deltaPercent <= 0 || objectSize < 0) {
                throw new IllegalArgumentException("rounds and the delta must be positive");
            }
        }
    }

    /**
     * One client run.
     *
     * @param sourceObjects objects in the source namespace during the run
     * @param copied        objects the client copied (lakefs-backup: as it reports; the others: CopyObject requests)
     * @param requests      S3 requests through the proxy, by operation
     * @param serverCpuSeconds CPU seconds the S3 server's process used during the run (S3Proxy's JVM, MinIO); the
     *                      lakeFS emulator, in the bench's JVM, is not counted
     * @param loadBefore    the machine's 1-minute load average before the run
     * @param loadAfter     and after it
     */
    public record Run(Server server, int objects, Peer peer, Phase phase, int round, long sourceObjects,
                      double wallSeconds, double cpuSeconds, long copied, Map<String, Long> requests,
                      double serverCpuSeconds, double loadBefore, double loadAfter) {
        public long totalRequests() {
            return requests.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Options options;
    private final Consumer<String> progress;

    public PeerBench(Options options, Consumer<String> progress) {
        if (!MeasuredProcess.available()) {
            throw new IllegalStateException("/usr/bin/time (GNU time) is needed to measure client CPU: apt-get install "
                    + "time");
        }
        this.options = options;
        this.progress = progress;
    }

    /** Every run of every peer on one server with N objects. */
    public List<Run> run(Server server, int n) {
        try (S3TestServer s3 = server == Server.S3PROXY ? S3ProxyProcess.start("4g") : MinioServer.start();
             S3Client direct = s3.newClient(s3.endpoint());
             FaultInjectingProxy proxy = FaultInjectingProxy.start(s3.endpoint(), FaultInjectingProxy.Mode.S3, 1);
             S3ObjectStore lakefsStore = s3.newStore();
             LakeFsEmulator lakefs = LakeFsEmulator.builder().storage(Storage.of(lakefsStore)).credentials(KEY, SECRET)
                     .build().start()) {
            S3RequestKinds kinds = new S3RequestKinds();
            proxy.observe(kinds::count);
            s3.createBucket(SOURCE);
            s3.createBucket(TARGET);
            Path home = Files.createTempDirectory("peer-bench-home");
            SampleRepository sample = new SampleRepository(SampleRepository.client(lakefs.endpoint(), KEY, SECRET));
            sample.create(REPOSITORY, "s3://" + SOURCE + "/" + REPOSITORY);
            sample.create(WARM_UP, "s3://" + SOURCE + "/" + WARM_UP);
            long t0 = System.nanoTime();
            write(direct, WARM_UP, 0, WARM_UP_OBJECTS);
            write(direct, REPOSITORY, 0, n);
            progress.accept(String.format(Locale.ROOT, "%s N=%d: source written in %.0f s", server, n,
                    (System.nanoTime() - t0) / 1e9));
            Context c = new Context(server, n, s3, direct, proxy, kinds, lakefs, home);
            for (Peer peer : options.peers()) {
                c.cycle(peer, WARM_UP, -1, WARM_UP_OBJECTS, false);
            }
            List<Run> runs = new ArrayList<>();
            for (int round = 1; round <= options.rounds(); round++) {
                List<Peer> order = new ArrayList<>(options.peers());
                Collections.rotate(order, round - 1);
                for (Peer peer : order) {
                    runs.addAll(c.cycle(peer, REPOSITORY, round, n, true));
                }
            }
            return runs;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One server's world during a benchmark. */
    private final class Context {
        final Server server;
        final int n;
        final S3TestServer s3;
        final S3Client direct;
        final FaultInjectingProxy proxy;
        final S3RequestKinds kinds;
        final LakeFsEmulator lakefs;
        final Path home;

        Context(Server server, int n, S3TestServer s3, S3Client direct, FaultInjectingProxy proxy,
                S3RequestKinds kinds, LakeFsEmulator lakefs, Path home) {
            this.server = server;
            this.n = n;
            this.s3 = s3;
            this.direct = direct;
            this.proxy = proxy;
            this.kinds = kinds;
            this.lakefs = lakefs;
            this.home = home;
        }

        /** Full, then +delta and incremental, then unchanged, into a fresh destination; cleans up after. */
        List<Run> cycle(Peer peer, String repository, int round, int objects, boolean measured) {
            String target = peer.name().toLowerCase(Locale.ROOT) + "-" + (round < 0 ? "warm" : "r" + round);
            int delta = Math.max(1, (int) Math.round(objects * options.deltaPercent() / 100));
            List<Run> runs = new ArrayList<>();
            long base = count(repository);
            runs.add(measure(peer, repository, target, Phase.FULL, round, base));
            write(direct, repository, objects, objects + delta);
            runs.add(measure(peer, repository, target, Phase.INCREMENTAL, round, base + delta));
            runs.add(measure(peer, repository, target, Phase.UNCHANGED, round, base + delta));
            delete(SOURCE, repository + "/data/g", k -> generatedIndex(k) >= objects);
            delete(TARGET, target + "/", k -> true);
            for (Run r : runs) {
                progress.accept(String.format(Locale.ROOT, "%s N=%d %s %s round %d: %.1f s wall, %.1f s CPU "
                                + "(server %.1f s), %d copied, %d requests %s (load %.1f)", server, n, peer, r.phase(),
                        round, r.wallSeconds(), r.cpuSeconds(), r.serverCpuSeconds(), r.copied(), r.totalRequests(),
                        r.requests(), r.loadAfter()));
            }
            return measured ? runs : List.of();
        }

        Run measure(Peer peer, String repository, String target, Phase phase, int round, long sourceObjects) {
            List<String> command = new ArrayList<>();
            Map<String, String> env = new HashMap<>();
            env.put("AWS_CA_BUNDLE", null);
            env.put("AWS_ACCESS_KEY_ID", s3.accessKeyId());
            env.put("AWS_SECRET_ACCESS_KEY", s3.secretAccessKey());
            env.put("HOME", home.toString());
            String proxyUrl = proxy.endpoint().toString();
            switch (peer) {
                case LAKEFS_BACKUP -> {
                    String java = ProcessHandle.current().info().command().orElse("java");
                    if (options.launcher() != null) {
                        command.add(options.launcher().toAbsolutePath().toString());
                        env.put("JAVA", java);
                        env.put("LAKEFS_BACKUP_JAR", options.productJar().toAbsolutePath().toString());
                        env.put("JAVA_OPTS", String.join(" ", options.javaOptions()));
                    } else {
                        command.add(java);
                        command.addAll(options.javaOptions());
                        command.addAll(List.of("-jar", options.productJar().toString()));
                    }
                    command.addAll(List.of("backup", repository, "--to", "s3://" + TARGET + "/" + target, "--json",
                            "-q"));
                    command.addAll(options.productArgs());
                    env.put("LAKECTL_SERVER_ENDPOINT_URL", lakefs.endpoint());
                    env.put("LAKECTL_CREDENTIALS_ACCESS_KEY_ID", KEY);
                    env.put("LAKECTL_CREDENTIALS_SECRET_ACCESS_KEY", SECRET);
                    env.put("LAKEFS_BACKUP_S3_ENDPOINT", proxyUrl);
                    env.put("LAKEFS_BACKUP_S3_PATH_STYLE", "true");
                    env.put("LAKEFS_BACKUP_S3_REGION", "us-east-1");
                }
                case RCLONE, RCLONE_CHECKSUM -> {
                    command.addAll(List.of("rclone", "copy", "bench:" + SOURCE + "/" + repository,
                            "bench:" + TARGET + "/" + target, "--transfers", "64", "--checkers", "64",
                            "--s3-no-check-bucket"));
                    if (peer == Peer.RCLONE_CHECKSUM) {
                        command.add("--checksum");
                    }
                    env.put("RCLONE_CONFIG_BENCH_TYPE", "s3");
                    env.put("RCLONE_CONFIG_BENCH_PROVIDER", "Other");
                    env.put("RCLONE_CONFIG_BENCH_ENDPOINT", proxyUrl);
                    env.put("RCLONE_CONFIG_BENCH_ACCESS_KEY_ID", s3.accessKeyId());
                    env.put("RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY", s3.secretAccessKey());
                    env.put("RCLONE_CONFIG_BENCH_REGION", "us-east-1");
                    env.put("RCLONE_CONFIG", home.resolve("rclone.conf").toString());
                }
                case AWS -> {
                    command.addAll(List.of("/usr/bin/aws", "s3", "sync", "s3://" + SOURCE + "/" + repository,
                            "s3://" + TARGET + "/" + target, "--endpoint-url", proxyUrl, "--only-show-errors",
                            "--no-progress"));
                    env.put("AWS_DEFAULT_REGION", "us-east-1");
                    env.put("AWS_CONFIG_FILE", home.resolve("aws-config").toString());
                    env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("aws-credentials").toString());
                    env.put("AWS_EC2_METADATA_DISABLED", "true");
                }
                default -> throw new IllegalStateException(peer.toString());
            }
            double loadBefore = BenchReport.Environment.loadAverage();
            kinds.reset();
            double serverBefore = serverCpuSeconds();
            MeasuredProcess p = MeasuredProcess.run(command, env, options.timeout());
            double serverCpu = serverCpuSeconds() - serverBefore;
            Map<String, Long> requests = kinds.snapshot();
            if (p.exit() != 0) {
                throw new IllegalStateException(peer + " " + phase + " failed (" + p + "): " + p.stderr());
            }
            long copied = requests.getOrDefault("CopyObject", 0L) + requests.getOrDefault("CompleteMultipartUpload", 0L);
            if (peer == Peer.LAKEFS_BACKUP) {
                JsonNode result = readJson(p.stdout()).path("result").path("backups").path(0);
                copied = result.path("copied_objects").asLong();
            }
            return new Run(server, n, peer, phase, round, sourceObjects, p.wallSeconds(), p.cpuSeconds(), copied,
                    requests, serverCpu, loadBefore, BenchReport.Environment.loadAverage());
        }

        /**
         * CPU seconds used so far by this JVM's child processes, taken between client runs, when the only children
         * are the S3 server (S3Proxy's JVM, or MinIO).
         */
        double serverCpuSeconds() {
            return ProcessHandle.current().children().mapToDouble(child -> child.info().totalCpuDuration()
                    .map(d -> d.toNanos() / 1e9).orElse(0.0)).sum();
        }

        long count(String repository) {
            long total = 0;
            for (var page : direct.listObjectsV2Paginator(b -> b.bucket(SOURCE).prefix(repository + "/"))) {
                total += page.contents().size();
            }
            return total;
        }

        void delete(String bucket, String prefix, java.util.function.Predicate<String> which) {
            List<ObjectIdentifier> batch = new ArrayList<>();
            for (var page : direct.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))) {
                for (S3Object o : page.contents()) {
                    if (which.test(o.key())) {
                        batch.add(ObjectIdentifier.builder().key(o.key()).build());
                    }
                    if (batch.size() == 1000) {
                        deleteBatch(bucket, batch);
                    }
                }
            }
            deleteBatch(bucket, batch);
        }

        private void deleteBatch(String bucket, List<ObjectIdentifier> batch) {
            if (batch.isEmpty()) {
                return;
            }
            List<ObjectIdentifier> keys = List.copyOf(batch);
            direct.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(keys).quiet(true)));
            batch.clear();
        }
    }

    /** Writes generated objects {@code from..to-1} of a repository's namespace, 16 at a time. */
    void write(S3Client client, String repository, int from, int to) {
        Striped.run(16, from, to, "writing objects", i -> {
            byte[] content = new byte[options.objectSize()];
            new SplittableRandom(i).nextBytes(content);
            String key = repository + "/" + key(i);
            client.putObject(b -> b.bucket(SOURCE).key(key), RequestBody.fromBytes(content));
        });
    }

    /** The partition number of the first generated objects; later partitions count down from it. */
    private static final long FIRST_PARTITION = 9_000_000_000_000_000_000L;

    /**
     * The namespace key of generated object {@code i}, shaped like lakeFS's physical addresses: {@code data/} and a
     * 20-character partition changing every 1,000 objects, then a 20-character id. As in lakeFS (its upload path
     * provider names partitions by a descending time id, {@code newDescendingID} in {@code pkg/upload}), a later
     * partition sorts before an earlier one, so objects added later list first; ids rise within a partition.
     */
    static String key(int i) {
        return String.format(Locale.ROOT, "data/g%019d/c%019d", FIRST_PARTITION - i / 1000, i);
    }

    /** The index of a generated object's key, or -1 for other keys. */
    static int generatedIndex(String key) {
        int at = key.lastIndexOf("/data/g");
        String rest = at < 0 ? "" : key.substring(at + 1);
        return rest.matches("data/g\\d{19}/c\\d{19}") ? Integer.parseInt(rest.substring(rest.indexOf("/c") + 2)) : -1;
    }

    private static JsonNode readJson(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("lakefs-backup printed no JSON: " + text, e);
        }
    }
}
