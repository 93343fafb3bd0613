package org.lakefsbackup.tools.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The runs of a {@link PeerBench} as Markdown tables: one per server, N and phase, one row per client. */
public record PeerReport(BenchReport.Environment environment, List<PeerBench.Run> runs) {
    public PeerReport {
        runs = List.copyOf(runs);
    }

    public String markdown() {
        StringBuilder b = new StringBuilder();
        BenchReport.Environment e = environment;
        b.append(String.format(Locale.ROOT, "Java %s, %d processors, %s; machine load average %.1f at the start, %.1f "
                + "at the end%n%n", e.java(), e.processors(), e.os(), e.loadAverageAtStart(), e.loadAverageAtEnd()));
        Map<String, List<PeerBench.Run>> groups = runs.stream().collect(Collectors.groupingBy(
                r -> r.server() + "|" + r.objects() + "|" + r.phase(), LinkedHashMap::new, Collectors.toList()));
        for (var group : groups.values()) {
            PeerBench.Run first = group.get(0);
            b.append(String.format(Locale.ROOT, "#### %s, N = %,d, %s (%d rounds; load average %.1f to %.1f)%n%n",
                    first.server() == PeerBench.Server.S3PROXY ? "S3Proxy" : "MinIO", first.objects(),
                    phaseName(first.phase()), group.stream().mapToInt(PeerBench.Run::round).max().orElse(0),
                    group.stream().mapToDouble(PeerBench.Run::loadBefore).min().orElse(0),
                    group.stream().mapToDouble(PeerBench.Run::loadAfter).max().orElse(0)));
            Set<String> types = new TreeSet<>();
            group.forEach(r -> types.addAll(r.requests().keySet()));
            List<String> header = new ArrayList<>(List.of("client", "source objects", "copied", "wall s (min / median)",
                    "objects/s (min / median)", "client CPU s (median)", "CPU ms per request",
                    "server CPU s (median)"));
            header.addAll(types);
            header.addAll(List.of("requests", "requests/object", "wall vs lakefs-backup"));
            b.append("| ").append(String.join(" | ", header)).append(" |\n|");
            header.forEach(h -> b.append(" --- |"));
            b.append('\n');
            Map<PeerBench.Peer, List<PeerBench.Run>> byPeer = group.stream().collect(Collectors.groupingBy(
                    PeerBench.Run::peer, LinkedHashMap::new, Collectors.toList()));
            double ours = median(byPeer.getOrDefault(PeerBench.Peer.LAKEFS_BACKUP, List.of()).stream()
                    .map(PeerBench.Run::wallSeconds).toList());
            for (var entry : byPeer.entrySet()) {
                List<PeerBench.Run> rs = entry.getValue();
                List<Double> walls = rs.stream().map(PeerBench.Run::wallSeconds).sorted().toList();
                List<Double> rates = rs.stream().map(r -> r.sourceObjects() / r.wallSeconds()).sorted().toList();
                PeerBench.Run typical = rs.stream().sorted(Comparator.comparingDouble(PeerBench.Run::wallSeconds))
                        .toList().get(rs.size() / 2);
                List<String> row = new ArrayList<>(List.of("`" + entry.getKey().label() + "`",
                        num(typical.sourceObjects()), num(typical.copied()),
                        String.format(Locale.ROOT, "%.1f / %.1f", walls.get(0), median(walls)),
                        String.format(Locale.ROOT, "%,.0f / %,.0f", rates.get(0), median(rates)),
                        String.format(Locale.ROOT, "%.1f", median(rs.stream().map(PeerBench.Run::cpuSeconds).toList())),
                        String.format(Locale.ROOT, "%.2f", typical.cpuSeconds() * 1000 / Math.max(1,
                                typical.totalRequests())),
                        String.format(Locale.ROOT, "%.1f", median(rs.stream().map(PeerBench.Run::serverCpuSeconds)
                                .toList()))));
                for (String t : types) {
                    row.add(num(typical.requests().getOrDefault(t, 0L)));
                }
                row.add(num(typical.totalRequests()));
                row.add(String.format(Locale.ROOT, "%.4f", (double) typical.totalRequests() / typical.sourceObjects()));
                row.add(ours > 0 ? String.format(Locale.ROOT, "%.2f×", median(walls) / ours) : "");
                b.append("| ").append(String.join(" | ", row)).append(" |\n");
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String phaseName(PeerBench.Phase phase) {
        return switch (phase) {
            case FULL -> "full copy into an empty prefix";
            case INCREMENTAL -> "incremental (+1% new objects)";
            case UNCHANGED -> "unchanged";
        };
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int m = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(m) : (sorted.get(m - 1) + sorted.get(m)) / 2;
    }

    private static String num(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
