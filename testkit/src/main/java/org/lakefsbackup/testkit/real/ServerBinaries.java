package org.lakefsbackup.testkit.real;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real lakeFS and MinIO binaries of the real-lakeFS test lane in the cache that
 * {@code testkit/real/build-servers.sh} fills ({@code $LAKEFS_BACKUP_CACHE}, default
 * {@code ~/.cache/lakefs-backup}, one directory per {@code <name>-<version>}), building them with that script on
 * first use when a Go toolchain is on the {@code PATH}.
 *
 * <p>When a binary cannot be had (no Go, no network to the module proxy, a failed build, or
 * {@code LAKEFS_BACKUP_REAL=off}), {@link #requireLakeFs} and {@link #requireMinio} abort the calling test with a
 * JUnit assumption naming the reason, and print that reason once to stderr, so the lane is skipped visibly, never
 * silently. Thread-safe; a build runs at most once per JVM and per cache (a file lock serialises builds across
 * JVMs).
 */
public final class ServerBinaries {
    /** The lakeFS release the lane runs against. */
    public static final String LAKEFS_VERSION = "1.84.0";
    /** The MinIO module version built with {@code go install github.com/minio/minio@<version>}. */
    public static final String MINIO_VERSION = "v0.0.0-20260212201848-7aac2a2c5b7c";
    /** Bound on one cold build (module downloads and compilation); a warm cache answers at once. */
    private static final long BUILD_TIMEOUT_MINUTES = 40;
    private static final Map<String, Optional<String>> FAILURES = new ConcurrentHashMap<>();

    /**
     * The binaries of one lakeFS release and lakeFS's own {@code scripts/refs/lakefs-refs.py} of that release
     * ({@link #refsScript()} exists for releases since 1.53.1 only).
     */
    public record LakeFs(String version, Path lakefs, Path lakectl, Path refsScript) {
    }

    private ServerBinaries() {
    }

    /** Where binaries are cached: {@code $LAKEFS_BACKUP_CACHE} or {@code ~/.cache/lakefs-backup}. */
    public static Path cacheRoot() {
        String configured = System.getenv("LAKEFS_BACKUP_CACHE");
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "lakefs-backup");
    }

    /** lakeFS {@code version}, built on first use if possible; aborts the calling test (an assumption) if not. */
    public static LakeFs requireLakeFs(String version) {
        Path dir = cacheRoot().resolve("lakefs-" + version);
        LakeFs binaries = new LakeFs(version, dir.resolve("lakefs"), dir.resolve("lakectl"),
                dir.resolve("lakefs-refs.py"));
        require("lakeFS " + version, List.of(binaries.lakefs(), binaries.lakectl()), List.of("lakefs", version));
        return binaries;
    }

    /** The MinIO server binary, built on first use if possible; aborts the calling test (an assumption) if not. */
    public static Path requireMinio() {
        Path binary = cacheRoot().resolve("minio-" + MINIO_VERSION).resolve("minio");
        require("MinIO " + MINIO_VERSION, List.of(binary), List.of("minio", MINIO_VERSION));
        return binary;
    }

    /** Whether {@code LAKEFS_BACKUP_REAL=off} turned the real lane off. */
    public static boolean laneDisabled() {
        return "off".equalsIgnoreCase(System.getenv("LAKEFS_BACKUP_REAL"));
    }

    private static void require(String what, List<Path> files, List<String> scriptArgs) {
        if (laneDisabled()) {
            skip(what, "LAKEFS_BACKUP_REAL=off");
        }
        if (present(files)) {
            return;
        }
        Optional<String> failure = FAILURES.computeIfAbsent(String.join(" ", scriptArgs),
                k -> build(what, files, scriptArgs));
        failure.ifPresent(reason -> skip(what, reason));
    }

    private static boolean present(List<Path> files) {
        return files.stream().allMatch(Files::isRegularFile);
    }

    /** Runs the build script under a file lock; returns the reason it failed, or empty. */
    private static Optional<String> build(String what, List<Path> files, List<String> scriptArgs) {
        Optional<Path> script = findScript();
        if (script.isEmpty()) {
            return Optional.of("testkit/real/build-servers.sh not found above " + System.getProperty("user.dir"));
        }
        if (!onPath("go")) {
            return Optional.of("no Go toolchain (go) on PATH to build it; install Go and run "
                    + script.get() + " " + String.join(" ", scriptArgs));
        }
        try {
            Files.createDirectories(cacheRoot());
            Path log = cacheRoot().resolve("build-" + String.join("-", scriptArgs) + ".log");
            try (FileChannel lock = FileChannel.open(cacheRoot().resolve(".build.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock held = lock.lock()) {
                if (present(files)) {
                    return Optional.empty();
                }
                System.err.printf("[real lane] building %s with %s (log: %s); a cold build takes several minutes%n",
                        what, script.get(), log);
                ProcessBuilder pb = new ProcessBuilder(command(script.get(), scriptArgs)).redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                Process p = pb.start();
                if (!p.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    return Optional.of("building it took longer than " + BUILD_TIMEOUT_MINUTES + " minutes (log: "
                            + log + ")");
                }
                if (p.exitValue() != 0 || !present(files)) {
                    return Optional.of("building it failed with exit " + p.exitValue() + " (log: " + log + ")");
                }
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.of("building it failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while building it");
        }
    }

    private static List<String> command(Path script, List<String> args) {
        List<String> command = new java.util.ArrayList<>(List.of("bash", script.toString()));
        command.addAll(args);
        return command;
    }

    private static Optional<Path> findScript() {
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("testkit/real/build-servers.sh");
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static boolean onPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, executable))) {
                return true;
            }
        }
        return false;
    }

    private static final java.util.Set<String> REPORTED = ConcurrentHashMap.newKeySet();

    private static void skip(String what, String reason) {
        String message = "real lane skipped: " + what + " is not available: " + reason;
        if (REPORTED.add(message)) {
            System.err.println("[real lane] " + message);
        }
        Assumptions.abort(message);
    }

    /** Reads a file for error messages; a missing file reads as empty. */
    static String tail(Path file, int maxChars) {
        try {
            if (!Files.exists(file)) {
                return "";
            }
            String s = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8);
            return s.length() <= maxChars ? s : "..." + s.substring(s.length() - maxChars);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
