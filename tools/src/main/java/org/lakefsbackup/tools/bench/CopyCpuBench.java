package org.lakefsbackup.tools.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.lakefsbackup.core.store.CopyRequest;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.s3.S3ObjectStore;
import org.lakefsbackup.core.store.s3.S3StoreConfig;
import org.lakefsbackup.testkit.s3.S3TestServer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The client CPU of one small-object copy through {@link S3ObjectStore#copy}, with the lean copy path (over the
 * Apache HTTP client, and over the AWS CRT HTTP client) and through the SDK client's pipeline, in this JVM against S3Proxy in a JVM of its own (so that the server's CPU is not
 * counted). Rounds rotate the paths after one warm-up round each (JIT), so that the machine's load changes alike for
 * all; a round copies M objects with T threads and reads this process's CPU time before and after
 * ({@code OperatingSystemMXBean#getProcessCpuTime}: every thread of the JVM, GC and JIT included).
 */
public final class CopyCpuBench {
    private static final String BUCKET = "cpu-bench";

    /** The copy paths compared. */
    public enum Path {
        LEAN("lean (`LeanCopy`), Apache HTTP client"),
        LEAN_CRT("lean (`LeanCopy`), AWS CRT HTTP client (`AwsCrtHttpClient`)"),
        SDK("SDK client pipeline, Apache HTTP client");

        private final String label;

        Path(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One round.
     *
     * @param path       the copy path
     * @param copies     copies made
     * @param wallMs     elapsed
     * @param cpuMs      this process's CPU time during the round
     * @param loadBefore the machine's 1-minute load average before the round
     */
    public record Round(Path path, int round, int copies, long wallMs, long cpuMs, double loadBefore) {
        public double cpuMsPerCopy() {
            return (double) cpuMs / copies;
        }

        public double copiesPerSecond() {
            return copies * 1000.0 / Math.max(1, wallMs);
        }
    }

    private final int objects;
    private final int threads;
    private final int rounds;
    private final Consumer<String> progress;

    public CopyCpuBench(int objects, int threads, int rounds, Consumer<String> progress) {
        if (objects < 1 || threads < 1 || rounds < 1) {
            throw new IllegalArgumentException("objects, threads and rounds must be positive");
        }
        this.objects = objects;
        this.threads = threads;
        this.rounds = rounds;
        this.progress = progress;
    }

    /** The measured rounds (the warm-up rounds are left out). */
    public List<Round> run() {
        List<Round> measured = new ArrayList<>();
        try (S3TestServer s3 = S3ProxyProcess.start("2g"); S3Client direct = s3.newClient(s3.endpoint());
             S3ObjectStore probe = s3.newStore()) {
            s3.createBucket(BUCKET);
            for (int n = 0; n < objects; n++) {
                int i = n;
                direct.putObject(b -> b.bucket(BUCKET).key(source(i)), RequestBody.fromBytes(new byte[1024]));
            }
            S3StoreConfig base = probe.config();
            List<Path> paths = List.of(Path.values());
            for (int round = 0; round <= rounds; round++) {
                for (int k = 0; k < paths.size(); k++) {
                    Path path = paths.get((round + k) % paths.size());
                    S3StoreConfig.Builder config = base.toBuilder().leanCopies(path != Path.SDK)
                            .maxConnections(Math.max(threads, 50));
                    if (path == Path.LEAN_CRT) {
                        config.httpClient(() -> AwsCrtHttpClient.builder().maxConcurrency(Math.max(threads, 50))
                                .build());
                    }
                    try (S3ObjectStore store = new S3ObjectStore(config.build())) {
                        Round r = copyAll(store, path, round);
                        progress.accept(String.format(Locale.ROOT, "copy CPU %s round %d: %d copies, %d ms wall, "
                                        + "%d ms CPU, %.3f ms CPU per copy (load %.1f)", path, round,
                                r.copies(), r.wallMs(), r.cpuMs(), r.cpuMsPerCopy(), r.loadBefore()));
                        if (round > 0) {
                            measured.add(r);
                        }
                    }
                }
            }
        }
        return measured;
    }

    private static String source(int i) {
        return String.format(Locale.ROOT, "src/%06d", i);
    }

    private Round copyAll(S3ObjectStore store, Path path, int round) {
        String prefix = path.name().toLowerCase(Locale.ROOT) + "-" + round + "/";
        double load = BenchReport.Environment.loadAverage();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Striped.run(threads, 0, objects, "copying", i -> store.copy(CopyRequest.builder(
                Location.parse("s3://" + BUCKET + "/" + source(i)),
                Location.parse("s3://" + BUCKET + "/" + prefix + source(i))).expectedSize(1024).build()));
        long wallMs = (System.nanoTime() - t0) / 1_000_000;
        long cpuMs = (os.getProcessCpuTime() - cpu0) / 1_000_000;
        return new Round(path, round, objects, wallMs, cpuMs, load);
    }

    /** A Markdown table of the measured rounds, by path: CPU per copy (min / median / max) and copies/s. */
    public static String markdown(List<Round> rounds) {
        StringBuilder b = new StringBuilder("| copy path | rounds | copies per round | client CPU ms per copy (min / "
                + "median / max) | copies/s (median) | load average |\n| --- | --- | --- | --- | --- | --- |\n");
        for (Path path : Path.values()) {
            List<Round> rs = rounds.stream().filter(r -> r.path() == path).toList();
            if (rs.isEmpty()) {
                continue;
            }
            List<Double> rate = rs.stream().map(Round::copiesPerSecond).sorted().toList();
            b.append(String.format(Locale.ROOT, "| %s | %d | %,d | %s | %,.0f | %.1f to %.1f |%n",
                    path.label(), rs.size(), rs.get(0).copies(),
                    Spread.of(rs.stream().map(Round::cpuMsPerCopy).toList(), "%.3f"), rate.get(rate.size() / 2),
                    rs.stream().mapToDouble(Round::loadBefore).min().orElse(0),
                    rs.stream().mapToDouble(Round::loadBefore).max().orElse(0)));
        }
        return b.toString();
    }
}
