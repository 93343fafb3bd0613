package org.lakefsbackup.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.lakefsbackup.tools.bench.BackupBench;
import org.lakefsbackup.tools.bench.BenchReport;
import org.lakefsbackup.tools.bench.PlannerBench;
import org.lakefsbackup.tools.bench.PruneBench;
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
    enum Suite { ALL, BACKUP, PLANNER, PRUNE }

    @ParentCommand
    ToolsCommand top;

    @Option(names = "--suite", defaultValue = "all", description = "all (backup and planner), backup, planner or "
            + "prune (the prune planner over a synthetic backup; default all)")
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

    @Override
    public Integer call() {
        double loadAtStart = BenchReport.Environment.loadAverage();
        List<BackupBench.Result> backups = new ArrayList<>();
        List<PlannerBench.Result> planner = new ArrayList<>();
        if (suite == Suite.ALL || suite == Suite.BACKUP) {
            BackupBench bench = new BackupBench(new BackupBench.Options(objectSize, concurrency, setupThreads,
                    s3OnDisk));
            for (int n : objects) {
                BackupBench.Result r = bench.run(n);
                backups.add(r);
                top.progress(String.format(Locale.ROOT, "backup N=%d: setup %d ms; full %d ms, %d copied, %.4f "
                                + "requests/object %s; unchanged %d ms %s", n, r.setupMs(), r.full().wallMs(),
                        r.full().copiedObjects(), r.full().requestsPerObject(), r.full().requests(),
                        r.unchanged().wallMs(), r.unchanged().requests()));
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
