package org.lakefsbackup.tools;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.lakefsbackup.tools.bench.BackupBench;
import org.lakefsbackup.tools.bench.BenchReport;
import org.lakefsbackup.tools.bench.CopyCpuBench;
import org.lakefsbackup.tools.bench.InventoryBench;
import org.lakefsbackup.tools.bench.ListingBench;
import org.lakefsbackup.tools.bench.PeerBench;
import org.lakefsbackup.tools.bench.PeerReport;
import org.lakefsbackup.tools.bench.PlannerBench;
import org.lakefsbackup.tools.bench.PruneBench;
import org.lakefsbackup.tools.bench.StartupBench;
import org.lakefsbackup.core.step.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code bench}: the numbers in docs/benchmarks.md. The measuring lives in {@link org.lakefsbackup.tools.bench}. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure backups of N small objects through an embedded S3 server and the lakeFS emulator "
                + "(objects/s, S3 requests by type and per object, heap), a second unchanged backup, and the copy "
                + "planner alone over synthetic listings of K keys. Prints Markdown tables (or --json).")
final class BenchCommand implements Callable<Integer> {
    /** Which parts to run. */
    enum Suite { ALL, BACKUP, PLANNER, PRUNE, PEERS, COPY_CPU, LISTING, STARTUP, INVENTORY }

    @ParentCommand
    ToolsCommand top;

    @Option(names = "--suite", defaultValue = "all", description = "all (backup and planner), backup, planner, "
            + "prune (the prune planner over a synthetic backup), peers (lakefs-backup beside rclone and aws s3 sync "
            + "on S3Proxy and MinIO), copy_cpu (client CPU per copy, lean copy path against the SDK client's "
            + "pipeline) or listing (a namespace listed and planned with one sequential S3 listing against "
            + "--list-concurrency key ranges at once) or startup (process start to the first S3 request of the CLI, "
            + "started in several ways) or inventory (the CPU of writing and reading one inventory chunk of the first "
            + "--objects entries, against the encoding used before); default all")
    Suite suite;

    @Option(names = "--objects", split = ",", paramLabel = "N[,N...]", defaultValue = "1000,10000,100000",
            description = "generated objects per backup benchmark (default 1000,10000,100000)")
    List<Integer> objects;

    @Option(names = "--object-size", paramLabel = "BYTES", defaultValue = "1024",
            description = "bytes per generated object (default 1024)")
    int objectSize;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "16",
            description = "concurrent copies, as the backup command's option (default 16)")
    int concurrency;

    @Option(names = "--setup-threads", paramLabel = "N", defaultValue = "16",
            description = "threads writing the generated objects before the measured backups (default 16)")
    int setupThreads;

    @Option(names = "--s3-on-disk", description = "the embedded S3 server keeps objects in a temporary directory "
            + "instead of the heap (default: in memory)")
    boolean s3OnDisk;

    @Option(names = "--planner-keys", split = ",", paramLabel = "K[,K...]", defaultValue = "10000,100000,1000000",
            description = "synthetic keys per planner benchmark (default 10000,100000,1000000)")
    List<Long> plannerKeys;

    @Option(names = "--planner-held", split = ",", paramLabel = "empty|half", defaultValue = "empty,half",
            description = "what the backup holds when the planner runs: empty, half (every other key) or both "
                    + "(default empty,half)")
    List<PlannerBench.Held> plannerHeld;

    @Option(names = "--prune-keys", split = ",", paramLabel = "K[,K...]", defaultValue = "100000,1000000,10000000",
            description = "synthetic backed-up objects per prune benchmark (default 100000,1000000,10000000)")
    List<Long> pruneKeys;

    @Option(names = "--probes", paramLabel = "N", defaultValue = "10",
            description = "full collections mid-plan to measure the live heap (default 10)")
    int probes;

    @Option(names = "--servers", split = ",", paramLabel = "s3proxy|minio", defaultValue = "s3proxy,minio",
            description = "peers: the S3 servers (default s3proxy,minio)")
    List<PeerBench.Server> servers;

    @Option(names = "--peers", split = ",", paramLabel = "CLIENT", defaultValue = "lakefs_backup,rclone,rclone_checksum,aws",
            description = "peers: the clients, of lakefs_backup, rclone, rclone_checksum, aws (default all four)")
    List<PeerBench.Peer> peers;

    @Option(names = "--list-concurrency", paramLabel = "N", defaultValue = "8",
            description = "listing suite: key ranges listed at once, compared with 1 (default 8)")
    int listConcurrency;

    @Option(names = "--listing-endpoint", paramLabel = "URL",
            description = "listing suite: use this running server (the first of --servers; test kit credentials), "
                    + "which already holds the namespace from an earlier listing run, instead of starting one")
    java.net.URI listingEndpoint;

    @Option(names = "--listing-latency", paramLabel = "MS", defaultValue = "0",
            description = "listing suite: milliseconds a proxy adds to every listing request (default 0)")
    long listingLatencyMs;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "3",
            description = "measured rounds: per client (peers), per copy path (copy_cpu), per way of starting "
                    + "(startup) and per encoding (inventory), each after one warm-up round; per way of listing "
                    + "(listing), without one (default 3)")
    int rounds;

    @Option(names = "--product-jar", paramLabel = "JAR", defaultValue = "cli/target/lakefs-backup-all.jar",
            description = "peers: the lakefs-backup jar to run (default cli/target/lakefs-backup-all.jar)")
    java.nio.file.Path productJar;

    @Option(names = "--product-java-option", paramLabel = "OPTION",
            description = "peers: a JVM option for lakefs-backup's process (repeatable), e.g. -XX:SharedArchiveFile=...")
    List<String> productJavaOptions = new ArrayList<>();

    @Option(names = "--product-option", paramLabel = "OPTION",
            description = "peers: an option for lakefs-backup backup (repeatable), e.g. --concurrency=64")
    List<String> productOptions = new ArrayList<>();

    @Option(names = "--launcher", paramLabel = "SCRIPT", defaultValue = "cli/bin/lakefs-backup",
            description = "startup, and peers with --via-launcher: the launcher script (default "
                    + "cli/bin/lakefs-backup)")
    java.nio.file.Path launcher;

    @Option(names = "--via-launcher", description = "peers: run lakefs-backup through --launcher (its class data "
            + "archive and JIT choice, as users run it) instead of java -jar")
    boolean viaLauncher;

    @Option(names = "--copy-threads", paramLabel = "T", defaultValue = "16",
            description = "copy_cpu: copy threads (default 16); the objects are the first of --objects")
    int copyThreads;

    @Override
    public Integer call() {
        double loadAtStart = BenchReport.Environment.loadAverage();
        if (suite == Suite.COPY_CPU) {
            List<CopyCpuBench.Round> rs = new CopyCpuBench(objects.get(0), copyThreads, rounds, top::progress).run();
            BenchReport.Environment e = BenchReport.Environment.current(loadAtStart);
            top.console.result(rs, String.format(Locale.ROOT, "Java %s, %d processors; machine load average %.1f at "
                    + "the start, %.1f at the end%n%n", e.java(), e.processors(), e.loadAverageAtStart(),
                    e.loadAverageAtEnd()) + CopyCpuBench.markdown(rs));
            return 0;
        }
        if (suite == Suite.INVENTORY) {
            List<InventoryBench.Round> rs = new InventoryBench(objects.get(0), rounds, top::progress).run();
            BenchReport.Environment e = BenchReport.Environment.current(loadAtStart);
            top.console.result(rs, String.format(Locale.ROOT, "Java %s, %d processors, JIT %s; machine load "
                    + "average %.1f at the start, %.1f at the end%n%n", e.java(), e.processors(),
                    ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:TieredStopAtLevel=1")
                            ? "C1 only" : "tiered (C1 and C2)", e.loadAverageAtStart(), e.loadAverageAtEnd())
                    + InventoryBench.markdown(rs));
            return 0;
        }
        if (suite == Suite.LISTING) {
            ListingBench bench = new ListingBench(setupThreads, listConcurrency, rounds,
                    java.time.Duration.ofMillis(listingLatencyMs), top::progress);
            List<ListingBench.Result> rs = new ArrayList<>();
            for (PeerBench.Server server : servers) {
                for (int n : objects) {
                    rs.addAll(listingEndpoint != null ? bench.runOn(listingEndpoint, server, n) : bench.run(server, n));
                }
            }
            BenchReport.Environment e = BenchReport.Environment.current(loadAtStart);
            top.console.result(rs, String.format(Locale.ROOT, "Java %s, %d processors; machine load average %.1f at "
                    + "the start, %.1f at the end; %d ms added to every listing request%n%n", e.java(),
                    e.processors(), e.loadAverageAtStart(), e.loadAverageAtEnd(), listingLatencyMs)
                    + ListingBench.markdown(rs));
            return 0;
        }
        if (suite == Suite.STARTUP) {
            List<StartupBench.Result> rs = new ArrayList<>();
            for (PeerBench.Server server : servers) {
                rs.addAll(new StartupBench(productJar, launcher, rounds, top::progress).run(server));
            }
            BenchReport.Environment e = BenchReport.Environment.current(loadAtStart);
            top.console.result(rs, String.format(Locale.ROOT, "Java %s, %d processors; machine load average %.1f at "
                    + "the start, %.1f at the end%n%n", e.java(), e.processors(), e.loadAverageAtStart(),
                    e.loadAverageAtEnd()) + StartupBench.markdown(rs));
            return 0;
        }
        if (suite == Suite.PEERS) {
            PeerBench bench = new PeerBench(new PeerBench.Options(peers, rounds, 1.0, objectSize, productJar,
                    productJavaOptions, productOptions, java.time.Duration.ofHours(2),
                    viaLauncher ? launcher : null), top::progress);
            List<PeerBench.Run> runs = new ArrayList<>();
            for (PeerBench.Server server : servers) {
                for (int n : objects) {
                    runs.addAll(bench.run(server, n));
                }
            }
            PeerReport report = new PeerReport(BenchReport.Environment.current(loadAtStart), runs);
            top.console.result(report, report.markdown());
            return 0;
        }
        List<BackupBench.Result> backups = new ArrayList<>();
        List<PlannerBench.Result> planner = new ArrayList<>();
        if (suite == Suite.ALL || suite == Suite.BACKUP) {
            BackupBench bench = new BackupBench(new BackupBench.Options(objectSize, concurrency, setupThreads,
                    s3OnDisk));
            for (int n : objects) {
                BackupBench.Result r = bench.run(n);
                backups.add(r);
                top.progress(String.format(Locale.ROOT, "backup N=%d: setup %d ms; full %d ms, %d copied, %.4f "
                                + "requests/object %s; unchanged %d ms %s; incremental %d ms, %d copied %s", n,
                        r.setupMs(), r.full().wallMs(), r.full().copiedObjects(), r.full().requestsPerObject(),
                        r.full().requests(), r.unchanged().wallMs(), r.unchanged().requests(),
                        r.incremental().wallMs(), r.incremental().copiedObjects(), r.incremental().requests()));
            }
        }
        List<PruneBench.Result> prune = new ArrayList<>();
        if (suite == Suite.PRUNE) {
            PruneBench bench = new PruneBench(Settings.defaults().copyChunkSize(), probes);
            for (long k : pruneKeys) {
                PruneBench.Result r = bench.run(k);
                prune.add(r);
                top.progress(String.format(Locale.ROOT, "prune K=%d: %d ms, %d objects/s, %d candidates", k,
                        r.millis(), r.keysPerSecond(), r.candidates()));
            }
        }
        if (suite == Suite.ALL || suite == Suite.PLANNER) {
            PlannerBench bench = new PlannerBench(Settings.defaults(), probes);
            for (long k : plannerKeys) {
                for (PlannerBench.Held held : plannerHeld) {
                    PlannerBench.Result r = bench.run(k, held);
                    planner.add(r);
                    top.progress(String.format(Locale.ROOT, "planner K=%d held=%s: %d ms, %d keys/s", k, held,
                            r.millis(), r.keysPerSecond()));
                }
            }
        }
        BenchReport report = new BenchReport(BenchReport.Environment.current(loadAtStart), backups, planner, prune);
        top.console.result(report, report.markdown());
        return 0;
    }
}
