package org.lakefsbackup.tools.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command as a child process under {@code /usr/bin/time} (GNU time): its wall time and the CPU seconds (user
 * and system) of the process and everything it started, as the kernel accounted them.
 *
 * @param exit       the command's exit status
 * @param wallSeconds elapsed time
 * @param cpuSeconds user plus system CPU time
 * @param stdout     what it printed on stdout
 * @param stderr     the tail of what it printed on stderr
 */
public record MeasuredProcess(int exit, double wallSeconds, double cpuSeconds, String stdout, String stderr) {
    private static final Path TIME = Path.of("/usr/bin/time");

    /** Whether GNU time is installed (Debian: package {@code time}). */
    public static boolean available() {
        return Files.isExecutable(TIME);
    }

    /**
     * Runs {@code command} with {@code environment} changes ({@code null} values remove a variable) and waits at
     * most {@code timeout}.
     */
    public static MeasuredProcess run(List<String> command, Map<String, String> environment, Duration timeout) {
        try {
            Path times = Files.createTempFile("bench-time-", ".txt");
            Path out = Files.createTempFile("bench-out-", ".txt");
            Path err = Files.createTempFile("bench-err-", ".txt");
            try {
                List<String> full = new ArrayList<>(List.of(TIME.toString(), "-f", "%e %U %S", "-o", times.toString()));
                full.addAll(command);
                ProcessBuilder pb = new ProcessBuilder(full).redirectOutput(out.toFile()).redirectError(err.toFile());
                environment.forEach((k, v) -> {
                    if (v == null) {
                        pb.environment().remove(k);
                    } else {
                        pb.environment().put(k, v);
                    }
                });
                Process p = pb.start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    throw new IllegalStateException(command.get(0) + " did not finish within " + timeout);
                }
                List<String> lines = Files.readAllLines(times, StandardCharsets.UTF_8);
                String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1).trim();
                String[] f = last.split(" ");
                if (f.length != 3) {
                    throw new IllegalStateException("unexpected output of /usr/bin/time: " + lines);
                }
                String stderr = Files.readString(err, StandardCharsets.UTF_8);
                return new MeasuredProcess(p.exitValue(), Double.parseDouble(f[0]),
                        Double.parseDouble(f[1]) + Double.parseDouble(f[2]), Files.readString(out, StandardCharsets.UTF_8),
                        stderr.length() > 4000 ? stderr.substring(stderr.length() - 4000) : stderr);
            } finally {
                Files.deleteIfExists(times);
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "exit %d, %.1f s wall, %.1f s CPU", exit, wallSeconds, cpuSeconds);
    }
}
