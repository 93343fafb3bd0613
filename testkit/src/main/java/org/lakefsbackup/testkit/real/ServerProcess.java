package org.lakefsbackup.testkit.real;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * A server started as a child process with its output in a log file: started, waited for until an HTTP probe
 * answers (bounded), and stopped (SIGTERM, then SIGKILL after a grace period). Not thread-safe.
 */
final class ServerProcess implements AutoCloseable {
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String name;
    private final Process process;
    private final Path log;

    private ServerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code command} with exactly {@code environment} (nothing inherited but {@code PATH} and
     * {@code HOME}) and waits until {@code probe} answers a status {@code ready} accepts.
     */
    static ServerProcess start(String name, List<String> command, Map<String, String> environment, Path workDir,
                               Path log, URI probe, IntPredicate ready, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        String path = env.get("PATH");
        String home = env.get("HOME");
        env.clear();
        if (path != null) {
            env.put("PATH", path);
        }
        if (home != null) {
            env.put("HOME", home);
        }
        env.putAll(environment);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + command.get(0) + ")", e);
        }
        ServerProcess server = new ServerProcess(name, process, log);
        server.awaitReady(probe, ready, timeout);
        return server;
    }

    private void awaitReady(URI probe, IntPredicate ready, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(5)).GET().build();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready; "
                        + "log " + log + ":\n" + ServerBinaries.tail(log, 4000));
            }
            try {
                if (ready.test(HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode())) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s; log "
                        + log + ":\n" + ServerBinaries.tail(log, 4000));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
    }

    Path log() {
        return log;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** A free TCP port on 127.0.0.1 (another process may still take it before the server binds it). */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
