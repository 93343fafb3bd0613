package org.lakefsbackup.tools.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Everything one {@code bench} run measured, as JSON (the record) or as Markdown tables ({@link #markdown}). */
public record BenchReport(Environment environment, List<BackupBench.Result> backups,
                          List<PlannerBench.Result> planner, List<PruneBench.Result> prune) {
    public BenchReport {
        backups = List.copyOf(backups);
        planner = List.copyOf(planner);
        prune = prune == null ? List.of() : List.copyOf(prune);
    }

    /** A report without prune measurements. */
    public BenchReport(Environment environment, List<BackupBench.Result> backups, List<PlannerBench.Result> planner) {
        this(environment, backups, planner, List.of());
    }

    /**
     * Where it ran. The load averages (1 minute, of the whole machine, -1 where unavailable) say how much else was
     * running: on a shared machine they explain more of the variance than anything measured here.
     */
    public record Environment(String java, String vm, int processors, long maxHeapBytes, String os,
                              List<String> collectors, double loadAverageAtStart, double loadAverageAtEnd) {
        /** This JVM and machine, now; {@code loadAverageAtStart} from {@link #loadAverage()} when the run began. */
        public static Environment current(double loadAverageAtStart) {
            return new Environment(System.getProperty("java.version"), System.getProperty("java.vm.name"),
                    Runtime.getRuntime().availableProcessors(), HeapMeter.max(),
                    System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                    ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                            .toList(), loadAverageAtStart, loadAverage());
        }

        /** The machine's load average over the last minute. */
        public static double loadAverage() {
            return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        }
    }

    /** Markdown tables, ready to paste into {@code docs/benchmarks.md}. */
    public String markdown() {
        StringBuilder b = new StringBuilder();
        Environment e = environment;
        b.append(String.format(Locale.ROOT, "Java %s (%s), %d processors, max heap %s MiB, %s, GC %s; machine load "
                        + "average %.1f at the start, %.1f at the end%n%n", e.java(), e.vm(), e.processors(),
                mib(e.maxHeapBytes()), e.os(), String.join(" + ", e.collectors()), e.loadAverageAtStart(),
                e.loadAverageAtEnd()));
        if (!backups.isEmpty()) {
            b.append("### Full backup\n\n");
            table(b, List.of("N", "namespace objects", "copied", "wall s", "copy s", "objects/s (copy)",
                    "objects/s (overall)", "S3 requests", "requests/object", "peak heap MiB",
                    "live heap before → after MiB", "load average"), backups, r -> List.of(
                    num(r.objects()), num(r.full().namespaceObjects()), num(r.full().copiedObjects()),
                    sec(r.full().wallMs()), sec(r.full().stepMs().getOrDefault("copy", 0L)),
                    num(r.full().copyObjectsPerSecond()), num(r.full().objectsPerSecond()),
                    num(r.full().totalRequests()), String.format(Locale.ROOT, "%.4f", r.full().requestsPerObject()),
                    mib(r.full().peakHeapBytes()),
                    mib(r.full().liveBeforeBytes()) + " → " + mib(r.full().liveAfterBytes()),
                    String.format(Locale.ROOT, "%.1f", r.full().loadAverage())));
            b.append("\n### S3 requests of the full backup, by type\n\n");
            requests(b, BackupBench.Result::full);
            b.append("\n### Unchanged second backup: S3 requests by type\n\n");
            requests(b, BackupBench.Result::unchanged);
            b.append("\n### Incremental third backup (+1% new objects): S3 requests by type\n\n");
            requests(b, BackupBench.Result::incremental);
            b.append("\n### Time by step (ms): full backup / unchanged backup / incremental +1%\n\n");
            Set<String> steps = new LinkedHashSet<>();
            backups.forEach(r -> steps.addAll(r.full().stepMs().keySet()));
            backups.forEach(r -> steps.addAll(r.unchanged().stepMs().keySet()));
            backups.forEach(r -> steps.addAll(r.incremental().stepMs().keySet()));
            List<String> header = new ArrayList<>(List.of("N"));
            header.addAll(steps);
            header.add("wall");
            table(b, header, backups, r -> {
                List<String> row = new ArrayList<>(List.of(num(r.objects())));
                steps.forEach(s -> row.add(r.full().stepMs().getOrDefault(s, 0L) + " / "
                        + r.unchanged().stepMs().getOrDefault(s, 0L) + " / "
                        + r.incremental().stepMs().getOrDefault(s, 0L)));
                row.add(r.full().wallMs() + " / " + r.unchanged().wallMs() + " / " + r.incremental().wallMs());
                return row;
            });
            b.append("\n### What else ran: lakeFS API calls of the tool, and the emulator's own S3 requests "
                    + "(its refs dump), full / unchanged / incremental\n\n");
            table(b, List.of("N", "lakeFS API calls", "emulator S3 requests (full)", "emulator S3 requests (unchanged)",
                    "emulator S3 requests (incremental)", "retries"), backups, r -> List.of(num(r.objects()),
                    r.full().lakefsApiCalls() + " / " + r.unchanged().lakefsApiCalls() + " / "
                            + r.incremental().lakefsApiCalls(),
                    r.full().lakefsS3Requests().toString(), r.unchanged().lakefsS3Requests().toString(),
                    r.incremental().lakefsS3Requests().toString(),
                    r.full().retries() + " / " + r.unchanged().retries() + " / " + r.incremental().retries()));
        }
        if (!planner.isEmpty()) {
            b.append("\n### Planner alone (synthetic listing)\n\n");
            table(b, List.of("keys", "backup holds", "planned copies", "plan chunks", "inventory chunks",
                    "chunk bytes written", "ms", "keys/s", "peak heap MiB", "max live growth mid-plan MiB",
                    "retained after MiB"), planner, p -> List.of(num(p.keys()),
                    p.held() == PlannerBench.Held.EMPTY ? "nothing" : "every other key", num(p.copyObjects()),
                    num(p.planChunks()), num(p.inventoryChunks()), mib(p.writtenBytes()) + " MiB",
                    num(p.millis()), num(p.keysPerSecond()), mib(p.peakHeapBytes()),
                    mib(p.maxLiveGrowthBytes()) + " (" + p.probes() + " probes)", mib(p.retainedBytes())));
        }
        if (!prune.isEmpty()) {
            b.append("\n### Prune planner (synthetic backup, two kept generations)\n\n");
            table(b, List.of("backed-up objects", "inventory lines read", "candidates", "candidate bytes", "ms",
                    "objects/s", "peak heap MiB", "max live growth mid-plan MiB"), prune, p -> List.of(num(p.keys()),
                    num(p.inventoryLines()), num(p.candidates()), mib(p.candidateBytes()) + " MiB", num(p.millis()),
                    num(p.keysPerSecond()), mib(p.peakHeapBytes()),
                    mib(p.maxLiveGrowthBytes()) + " (" + p.probes() + " probes)"));
        }
        return b.toString();
    }

    private void requests(StringBuilder b, Function<BackupBench.Result, BackupBench.Phase> phase) {
        Set<String> types = new LinkedHashSet<>(List.of("ListObjectsV2", "CopyObject", "PutObject", "GetObject",
                "HeadObject", "DeleteObject"));
        backups.forEach(r -> types.addAll(phase.apply(r).requests().keySet()));
        List<String> header = new ArrayList<>(List.of("N"));
        header.addAll(types);
        header.add("total");
        header.add("per object");
        table(b, header, backups, r -> {
            BackupBench.Phase p = phase.apply(r);
            List<String> row = new ArrayList<>(List.of(num(r.objects())));
            types.forEach(t -> row.add(num(p.requests().getOrDefault(t, 0L))));
            row.add(num(p.totalRequests()));
            row.add(String.format(Locale.ROOT, "%.4f", p.requestsPerObject()));
            return row;
        });
    }

    private static <T> void table(StringBuilder b, List<String> header, List<T> rows,
                                  Function<T, List<String>> cells) {
        b.append("| ").append(String.join(" | ", header)).append(" |\n");
        b.append("|").append(" --- |".repeat(header.size())).append('\n');
        rows.forEach(r -> b.append("| ").append(String.join(" | ", cells.apply(r))).append(" |\n"));
    }

    private static String num(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String sec(long ms) {
        return String.format(Locale.ROOT, "%.1f", ms / 1000.0);
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024));
    }
}
