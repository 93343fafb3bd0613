package org.lakefsbackup.tools.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.lakefsbackup.testkit.fault.FaultInjectingProxy;
import org.lakefsbackup.testkit.real.MinioServer;
import org.lakefsbackup.testkit.s3.S3TestServer;

/**
 * From process start to the first S3 request: the CLI run as a user runs it, {@code lakefs-backup list <repo> --from
 * s3://...} against a location holding no backup (exit 4 after one listing), started in several ways (plain
 * {@code java -jar}, the launcher {@code cli/bin/lakefs-backup} with its class-data archive and the full JIT, the
 * launcher with the C1 compiler only (its default for {@code list}), and with a CA bundle in {@code AWS_CA_BUNDLE}
 * when the bench's environment has one). A counting proxy in front of MinIO (or S3Proxy in its own JVM) takes the
 * time the first request reaches it; the clock starts just before the process is started. Whole run's wall and CPU
 * time as {@link MeasuredProcess} measures them. One warm-up run per way (the launcher's writes its archive), then
 * the rounds, the ways alternating.
 */
public final class StartupBench {
    static final String BUCKET = "startup-bkt";

    /**
     * One timed start.
     *
     * @param firstRequestMillis from just before the process started to the first request at the proxy (-1: none)
     * @param loadBefore         the machine's 1-minute load average before the run
     */
    public record Result(String way, int round, long firstRequestMillis, double wallSeconds, double cpuSeconds,
                         int exit, double loadBefore) {
    }

    /** One way of starting the CLI: the command before the CLI's arguments, and environment changes. */
    record Way(String name, List<String> command, Map<String, String> environment) {
    }

    private final Path productJar;
    private final Path launcher;
    private final int rounds;
    private final Consumer<String> progress;

    /**
     * @param productJar the CLI jar ({@code cli/target/lakefs-backup-all.jar})
     * @param launcher   the launcher script ({@code cli/bin/lakefs-backup})
     */
    public StartupBench(Path productJar, Path launcher, int rounds, Consumer<String> progress) {
        this.productJar = productJar.toAbsolutePath();
        this.launcher = launcher.toAbsolutePath();
        this.rounds = rounds;
        this.progress = progress;
    }

    /** Every way, warm-up and rounds, against a fresh server. */
    public List<Result> run(PeerBench.Server server) {
        if (!MeasuredProcess.available()) {
            throw new IllegalStateException("the startup bench needs GNU time at /usr/bin/time");
        }
        Path cds;
        try {
            cds = Files.createTempDirectory("startup-cds-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try (S3TestServer s3 = server == PeerBench.Server.S3PROXY ? S3ProxyProcess.start("1g") : MinioServer.start();
             FaultInjectingProxy proxy = FaultInjectingProxy.start(s3.endpoint(), FaultInjectingProxy.Mode.S3, 1)) {
            s3.createBucket(BUCKET);
            AtomicLong first = new AtomicLong();
            proxy.observe((method, target, header) -> first.compareAndSet(0, System.nanoTime()));
            Map<String, String> base = new HashMap<>();
            base.put("AWS_ACCESS_KEY_ID", s3.accessKeyId());
            base.put("AWS_SECRET_ACCESS_KEY", s3.secretAccessKey());
            base.put("LAKEFS_BACKUP_S3_ENDPOINT", proxy.endpoint().toString());
            base.put("LAKEFS_BACKUP_S3_PATH_STYLE", "true");
            base.put("LAKEFS_BACKUP_S3_REGION", "us-east-1");
            base.put("AWS_CA_BUNDLE", null);
            base.put("JAVA_TOOL_OPTIONS", null);
            base.put("LAKEFS_BACKUP_JAR", productJar.toString());
            base.put("LAKEFS_BACKUP_CDS_DIR", cds.toString());
            List<Way> ways = ways(base);
            List<Result> results = new ArrayList<>();
            for (int round = 0; round <= rounds; round++) {
                List<Way> order = new ArrayList<>(ways);
                java.util.Collections.rotate(order, round);
                for (Way way : order) {
                    double load = BenchReport.Environment.loadAverage();
                    first.set(0);
                    List<String> command = new ArrayList<>(way.command());
                    command.addAll(List.of("list", "startup-repo", "--from", "s3://" + BUCKET + "/backups"));
                    long started = System.nanoTime();
                    MeasuredProcess p = MeasuredProcess.run(command, way.environment(), Duration.ofMinutes(5));
                    long at = first.get();
                    Result r = new Result(way.name(), round, at == 0 ? -1 : (at - started) / 1_000_000,
                            p.wallSeconds(), p.cpuSeconds(), p.exit(), load);
                    progress.accept(String.format(Locale.ROOT, "startup %s %s: first request after %d ms, %s%s",
                            way.name(), round == 0 ? "warm-up" : "round " + round, r.firstRequestMillis(), p,
                            p.exit() == 4 ? "" : "; stderr: " + p.stderr()));
                    if (round > 0) {
                        results.add(r);
                    }
                }
            }
            return results;
        } finally {
            try (var files = Files.walk(cds)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (java.io.IOException e) {
                progress.accept("could not delete " + cds + ": " + e.getMessage());
            }
        }
    }

    private List<Way> ways(Map<String, String> base) {
        List<Way> ways = new ArrayList<>();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Map<String, String> plain = new HashMap<>(base);
        plain.put("LAKEFS_BACKUP_CDS", "off");
        ways.add(new Way("java -jar", List.of(java, "-jar", productJar.toString()), plain));
        Map<String, String> launched = new HashMap<>(base);
        launched.put("JAVA", java);
        Map<String, String> fullJit = new HashMap<>(launched);
        fullJit.put("LAKEFS_BACKUP_JIT", "full");
        ways.add(new Way("launcher, LAKEFS_BACKUP_JIT=full (AppCDS, C1 and C2)", List.of(launcher.toString()),
                fullJit));
        ways.add(new Way("launcher (AppCDS, C1 only for list)", List.of(launcher.toString()), launched));
        String bundle = System.getenv("AWS_CA_BUNDLE");
        if (bundle != null && Files.isReadable(Path.of(bundle))) {
            Map<String, String> withBundle = new HashMap<>(launched);
            withBundle.put("AWS_CA_BUNDLE", bundle);
            ways.add(new Way("launcher, AWS_CA_BUNDLE=" + bundle, List.of(launcher.toString()), withBundle));
        }
        return ways;
    }

    /** The runs as a Markdown table: per way, the first request's time (min / median / max), wall and CPU. */
    public static String markdown(List<Result> results) {
        StringBuilder b = new StringBuilder("| started as | runs | process start to first S3 request, ms (min / "
                + "median / max) | whole run: wall s (median) | CPU s (median) | exit | load |\n"
                + "| --- | ---: | --- | ---: | ---: | --- | --- |\n");
        results.stream().map(Result::way).distinct().forEach(way -> {
            List<Result> rs = results.stream().filter(r -> r.way().equals(way)).toList();
            b.append(String.format(Locale.ROOT, "| %s | %d | %s | %.2f | %.2f | %s | %.1f-%.1f |%n",
                    way, rs.size(), Spread.of(rs.stream().map(Result::firstRequestMillis).toList(), "%,d"),
                    median(rs.stream().map(Result::wallSeconds).toList()),
                    median(rs.stream().map(Result::cpuSeconds).toList()),
                    rs.stream().map(r -> String.valueOf(r.exit())).distinct().reduce((x, y) -> x + "," + y)
                            .orElse(""),
                    rs.stream().mapToDouble(Result::loadBefore).min().orElse(0),
                    rs.stream().mapToDouble(Result::loadBefore).max().orElse(0)));
        });
        return b.toString();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
