package org.lakefsbackup.tools.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.lakefsbackup.core.copy.CopyPlan;
import org.lakefsbackup.core.copy.CopyPlanner;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.step.Settings;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.core.store.StoreStats;
import org.lakefsbackup.core.store.s3.S3ObjectStore;
import org.lakefsbackup.core.store.s3.S3StoreConfig;
import org.lakefsbackup.testkit.fault.FaultInjectingProxy;
import org.lakefsbackup.testkit.fault.FaultRule;
import org.lakefsbackup.testkit.real.MinioServer;
import org.lakefsbackup.testkit.s3.EmbeddedS3;
import org.lakefsbackup.testkit.s3.S3TestServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One listing of a namespace, and the plan of a first backup of it, with the S3 store listing one page after
 * another ({@code listConcurrency} 1) against the same store listing key ranges concurrently: N empty objects shaped
 * like a lakeFS namespace ({@code data/<prefix>/<id>}, 1,000 per prefix, and a few {@code _lakefs/} keys) on one
 * S3 server (MinIO, or S3Proxy in its own JVM), a fresh store per run, the two settings alternating in rotating
 * order each round. The plan is {@link CopyPlanner#planBackup} of a first backup: it lists the namespace and the
 * backup's (empty) {@code objects/} and writes the plan and inventory chunks.
 */
public final class ListingBench {
    static final String SOURCE = "listing-src";
    static final String BACKUP = "listing-dst";

    /** What is timed. */
    public enum Kind {
        LIST, PLAN
    }

    /**
     * One timed run.
     *
     * @param listConcurrency the store's setting (1: one sequential listing)
     * @param keys            keys listed (LIST) or planned (PLAN)
     * @param requests        ListObjectsV2 requests the store sent
     * @param peakHeapBytes   the heap pools' peaks during the run (garbage included)
     * @param loadBefore      the machine's 1-minute load average before the run
     */
    public record Result(String server, int objects, Kind kind, int listConcurrency, int round, long keys,
                         long millis, long keysPerSecond, long requests, long peakHeapBytes, double loadBefore) {
    }

    private final int setupThreads;
    private final int concurrency;
    private final int rounds;
    private final Duration latency;
    private final Consumer<String> progress;

    /**
     * @param latency added to every listing request by a proxy in front of the server (as a distant S3 answers a
     *                page in ~100 ms where a local server answers in a few), or zero for none
     */
    public ListingBench(int setupThreads, int concurrency, int rounds, Duration latency, Consumer<String> progress) {
        this.setupThreads = setupThreads;
        this.concurrency = concurrency;
        this.rounds = rounds;
        this.latency = latency;
        this.progress = progress;
    }

    /** Every run on one server with N objects. */
    public List<Result> run(PeerBench.Server server, int n) {
        try (S3TestServer s3 = server == PeerBench.Server.S3PROXY ? S3ProxyProcess.start("4g") : MinioServer.start();
             S3Client direct = s3.newClient(s3.endpoint())) {
            s3.createBucket(SOURCE);
            s3.createBucket(BACKUP);
            long started = System.nanoTime();
            if (server == PeerBench.Server.MINIO) {
                writeBySnowball(direct, n);
            } else {
                Striped.run(setupThreads, 0, n, "writing objects", i -> direct.putObject(b -> b.bucket(SOURCE)
                        .key("ns/" + PeerBench.key(i)), RequestBody.empty()));
            }
            for (String key : List.of("_lakefs/dummy", "_lakefs/retention/gc/rules/config.json", "README")) {
                direct.putObject(b -> b.bucket(SOURCE).key("ns/" + key), RequestBody.empty());
            }
            long setupMs = (System.nanoTime() - started) / 1_000_000;
            progress.accept(String.format(Locale.ROOT, "listing %s N=%d: wrote the namespace in %d s (%d objects/s)",
                    server, n, setupMs / 1000, n * 1000L / Math.max(1, setupMs)));
            return measure(s3.endpoint(), StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    s3.accessKeyId(), s3.secretAccessKey())), server, n);
        }
    }

    /** Empty objects per tar archive MinIO unpacks. */
    private static final int PER_ARCHIVE = 10_000;

    /**
     * Writes the N empty objects into MinIO through its snowball auto-extract: one PutObject of a tar archive of
     * {@value #PER_ARCHIVE} empty files (metadata {@code snowball-auto-extract: true}), which MinIO stores as that
     * many objects (the archive itself is not kept). Here that wrote about 850 to 1,500 objects/s, against about
     * 320 with one PutObject per object, so a 1M namespace takes minutes instead of an hour.
     */
    private void writeBySnowball(S3Client direct, int n) {
        for (int first = 0; first < n; first += PER_ARCHIVE) {
            int from = first;
            int to = Math.min(n, first + PER_ARCHIVE);
            byte[] tar = emptyFilesTar(from, to);
            direct.putObject(b -> b.bucket(SOURCE).key("seed-" + from + ".tar")
                    .metadata(java.util.Map.of("snowball-auto-extract", "true")), RequestBody.fromBytes(tar));
            progress.accept(String.format(Locale.ROOT, "writing objects: %d of %d", to, n));
        }
    }

    /** A ustar archive of empty files named {@code ns/<PeerBench.key(i)>} for i in [from, to). */
    static byte[] emptyFilesTar(int from, int to) {
        byte[] tar = new byte[(to - from + 2) * 512];
        for (int i = from; i < to; i++) {
            int at = (i - from) * 512;
            put(tar, at, "ns/" + PeerBench.key(i));
            put(tar, at + 100, "0000644");
            put(tar, at + 108, "0000000");
            put(tar, at + 116, "0000000");
            put(tar, at + 124, "00000000000");
            put(tar, at + 136, "00000000000");
            tar[at + 156] = '0';
            put(tar, at + 257, "ustar");
            put(tar, at + 263, "00");
            java.util.Arrays.fill(tar, at + 148, at + 156, (byte) ' ');
            int sum = 0;
            for (int k = at; k < at + 512; k++) {
                sum += tar[k] & 0xff;
            }
            put(tar, at + 148, String.format(Locale.ROOT, "%06o", sum));
            tar[at + 154] = 0;
        }
        return tar;
    }

    private static void put(byte[] tar, int at, String ascii) {
        byte[] bytes = ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, tar, at, bytes.length);
    }

    /**
     * Every run with N objects on a server that is already running (with the test kit's credentials) and already
     * holds the namespace this bench writes, from an earlier run on it.
     */
    public List<Result> runOn(URI endpoint, PeerBench.Server server, int n) {
        return measure(endpoint, EmbeddedS3.credentials(), server, n);
    }

    /** The rounds, through a proxy in front of the server (adding the latency, if any). */
    private List<Result> measure(URI server, AwsCredentialsProvider credentials, PeerBench.Server kind, int n) {
        List<Result> results = new ArrayList<>();
        Location namespace = Location.parse("s3://" + SOURCE + "/ns");
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(server, FaultInjectingProxy.Mode.S3, 1)) {
            if (!latency.isZero()) {
                proxy.rules(FaultRule.latency(latency).onlyMethods("GET"));
            }
            for (int round = 1; round <= rounds; round++) {
                List<Integer> order = round % 2 == 1 ? List.of(1, concurrency) : List.of(concurrency, 1);
                for (int c : order) {
                    for (Kind timed : Kind.values()) {
                        Result r = once(proxy.endpoint(), credentials, kind, n, timed, c, round, namespace);
                        results.add(r);
                        progress.accept(String.format(Locale.ROOT, "listing %s N=%d %s listConcurrency=%d round "
                                        + "%d: %d keys in %d ms (%d keys/s), %d list requests, load %.1f", kind, n,
                                timed, c, round, r.keys(), r.millis(), r.keysPerSecond(), r.requests(),
                                r.loadBefore()));
                    }
                }
            }
        }
        return results;
    }

    private static Result once(URI endpoint, AwsCredentialsProvider credentials, PeerBench.Server server, int n,
                               Kind kind, int listConcurrency, int round, Location namespace) {
        S3StoreConfig config = S3StoreConfig.builder().endpointOverride(endpoint).pathStyle(true)
                .region("us-east-1").credentials(credentials).listConcurrency(listConcurrency).build();
        double load = BenchReport.Environment.loadAverage();
        try (S3ObjectStore store = new S3ObjectStore(config)) {
            StoreStats before = store.stats();
            HeapMeter.resetPeaks();
            long t0 = System.nanoTime();
            long keys;
            if (kind == Kind.LIST) {
                try (Stream<ObjectInfo> listing = store.list(namespace, null)) {
                    keys = listing.count();
                }
            } else {
                Settings settings = Settings.defaults();
                String run = "r" + round + "-c" + listConcurrency;
                BackupLayout layout = new BackupLayout(Location.parse("s3://" + BACKUP + "/" + run), "repo");
                GenerationId generation = new GenerationId("20261130T000000000Z-" + "aaaa");
                CopyPlan plan = new CopyPlanner(Storage.of(store), settings.copyChunkSize(),
                        settings.inventoryChunkSize()).planBackup(namespace, layout,
                        BackupLayout.inventoryPrefix(generation), layout.run(generation.value()).resolve("plan"),
                        settings::isMutable);
                keys = plan.totalObjects();
            }
            long millis = Math.max(1, (System.nanoTime() - t0) / 1_000_000);
            return new Result(server.name().toLowerCase(Locale.ROOT), n, kind, listConcurrency, round, keys, millis,
                    keys * 1000 / millis, store.stats().minus(before).requests("ListObjectsV2"), HeapMeter.peak(),
                    load);
        }
    }

    /** The runs as a Markdown table: median and min/max time per server, N, kind and setting, and the speed-up. */
    public static String markdown(List<Result> results) {
        StringBuilder b = new StringBuilder("| server | N | timed | listConcurrency | keys | ms (median; min-max) "
                + "| keys/s (median) | ListObjectsV2 | peak heap MiB | load | speed-up |\n"
                + "| --- | ---: | --- | ---: | ---: | --- | ---: | ---: | ---: | --- | ---: |\n");
        results.stream().map(r -> List.of(r.server(), r.objects(), r.kind())).distinct().forEach(group -> {
            double sequentialMedian = 0;
            for (int c : results.stream().filter(r -> sameGroup(r, group)).map(Result::listConcurrency).distinct()
                    .sorted().toList()) {
                List<Result> rs = results.stream().filter(r -> sameGroup(r, group) && r.listConcurrency() == c)
                        .toList();
                List<Long> ms = rs.stream().map(Result::millis).sorted().toList();
                long median = ms.get(ms.size() / 2);
                if (c == 1) {
                    sequentialMedian = median;
                }
                Result first = rs.get(0);
                b.append(String.format(Locale.ROOT, "| %s | %,d | %s | %d | %,d | %,d; %,d-%,d | %,d | %d | %d | "
                                + "%.1f-%.1f | %s |%n", first.server(), first.objects(),
                        first.kind().name().toLowerCase(Locale.ROOT), c, first.keys(), median, ms.get(0),
                        ms.get(ms.size() - 1), first.keys() * 1000 / Math.max(1, median), first.requests(),
                        rs.stream().mapToLong(Result::peakHeapBytes).max().orElse(0) >> 20,
                        rs.stream().mapToDouble(Result::loadBefore).min().orElse(0),
                        rs.stream().mapToDouble(Result::loadBefore).max().orElse(0),
                        c == 1 || sequentialMedian == 0 ? "" : String.format(Locale.ROOT, "%.2fx",
                                sequentialMedian / median)));
            }
        });
        return b.toString();
    }

    private static boolean sameGroup(Result r, List<?> group) {
        return r.server().equals(group.get(0)) && r.objects() == (Integer) group.get(1) && r.kind() == group.get(2);
    }
}
