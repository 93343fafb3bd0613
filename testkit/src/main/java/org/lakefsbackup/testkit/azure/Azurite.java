package org.lakefsbackup.testkit.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.lakefsbackup.core.store.azure.AzureBlobObjectStore;
import org.lakefsbackup.core.store.azure.AzureBlobStoreConfig;

/**
 * Azurite's Blob service (npm {@code azurite}, pinned with the Node it runs on in {@code testkit/azurite/}) as a
 * child process on 127.0.0.1 and a free port, in memory, with two storage accounts, {@link #ACCOUNT} and
 * {@link #OTHER_ACCOUNT}. {@link #start()} installs the packages with {@code npm ci} when missing, waits at most
 * {@link #READY_TIMEOUT} for the port to answer, and fails with Azurite's output if it does not; without npm, tests
 * that call {@link #startOrSkip()} are skipped with a message saying so. {@link #close()} stops the process and its
 * children. {@link #shared()} is one instance per JVM, stopped when the JVM exits.
 *
 * <p>Where Azurite differs from Azure: it accepts any API version only with {@code --skipApiVersionCheck} (passed);
 * Put Blob From URL answers 501; Put Block From URL and Copy Blob From URL read only sources on the same Azurite
 * ({@link ExternalCopySources} stands in for Azure fetching other clouds' URLs); it accepts an unauthorized source in
 * the same account, which Azure refuses.
 */
public final class Azurite implements AutoCloseable {
    /** The first account; locations are {@code https://<account>.blob.core.windows.net/...}. */
    public static final String ACCOUNT = "lakefsbackupa";
    /** A second account, for copies across accounts. */
    public static final String OTHER_ACCOUNT = "lakefsbackupb";
    /** Shared keys of the two accounts: test values, not secrets. */
    public static final Map<String, String> KEYS = Map.of(
            ACCOUNT, key("lakefs-backup-azurite-account-a-key"),
            OTHER_ACCOUNT, key("lakefs-backup-azurite-account-b-key"));
    /** The longest wait for Azurite to answer after starting it. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

    private static final HttpClient HTTP = new JdkHttpClientBuilder().build();
    private static Azurite shared;

    private final Process process;
    private final Path workDir;
    private final int port;
    private final EntraId entraId;

    private Azurite(Process process, Path workDir, int port, EntraId entraId) {
        this.process = process;
        this.workDir = workDir;
        this.port = port;
        this.entraId = entraId;
    }

    /** One Azurite for the whole JVM, started on first use and stopped at exit; skips the test without npm. */
    public static synchronized Azurite shared() {
        if (shared == null) {
            shared = startOrSkip();
            Azurite started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "azurite-stop"));
        }
        return shared;
    }

    /** Starts Azurite, or skips the calling test (JUnit assumption) with the reason when npm is not installed. */
    public static Azurite startOrSkip() {
        Assumptions.assumeTrue(npmAvailable(), "npm is not installed: the Azure Blob tests need Node.js with npm "
                + "to install Azurite from testkit/azurite/package-lock.json; skipping them");
        return start();
    }

    /** Starts Azurite over http with shared-key accounts, installing it first when needed. */
    public static Azurite start() {
        return start(false);
    }

    /**
     * Starts Azurite over https with a self-signed certificate for 127.0.0.1 and Entra ID (bearer token)
     * authorization in Azurite's "basic" OAuth mode, which checks a token's issuer, audience and validity times
     * but not its signature: {@link #storeConfig()} then authorizes with {@link #tokenCredential()} and no key.
     * Skips the calling test without npm.
     */
    public static Azurite startWithEntraIdOrSkip() {
        Assumptions.assumeTrue(npmAvailable(), "npm is not installed: the Azure Blob tests need Node.js with npm "
                + "to install Azurite from testkit/azurite/package-lock.json; skipping them");
        return start(true);
    }

    private static Azurite start(boolean entraId) {
        Path dir = packageDirectory();
        Path node = dir.resolve("node_modules/.bin/node");
        Path main = dir.resolve("node_modules/azurite/dist/src/blob/main.js");
        if (!Files.isExecutable(node) || !Files.exists(main)) {
            install(dir);
        }
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return launch(node, main, entraId);
            } catch (PortTakenException e) {
                last = e; // another process took the free port between probe and bind: try another
            }
        }
        throw last;
    }

    /** The Blob endpoint; account {@code a} is served at {@code <endpoint>/a}. */
    public URI endpoint() {
        return URI.create((entraId == null ? "http" : "https") + "://127.0.0.1:" + port);
    }

    /** Tokens this Azurite accepts (an instance started {@link #startWithEntraIdOrSkip with Entra ID}). */
    public TokenCredential tokenCredential() {
        if (entraId == null) {
            throw new IllegalStateException("this Azurite was started without Entra ID");
        }
        return entraId.tokens();
    }

    /** The client that reaches this Azurite (trusting its certificate when it serves https). */
    public HttpClient httpClient() {
        return entraId == null ? HTTP : entraId.http();
    }

    /** A location root {@code https://<account>.blob.core.windows.net/<container>}. */
    public static String location(String account, String container) {
        return "https://" + account + ".blob.core.windows.net/" + container;
    }

    /**
     * A store configuration for this Azurite: every account at {@code <endpoint>/<account>} with its key (with
     * Entra ID: no key, {@link #tokenCredential()}), and retry delays short enough for tests (10 ms base, 500 ms at
     * most).
     */
    public AzureBlobStoreConfig.Builder storeConfig() {
        AzureBlobStoreConfig.Builder builder = AzureBlobStoreConfig.builder()
                .endpointOverride(endpoint())
                .retryBaseDelay(Duration.ofMillis(10))
                .maxRetryDelay(Duration.ofMillis(500));
        return entraId == null ? builder.accountKeys(KEYS) : builder.credential(entraId.tokens());
    }

    /** A store with {@link #storeConfig()} adjusted by {@code customize}, reaching Azurite with {@link #httpClient()}. */
    public AzureBlobObjectStore newStore(UnaryOperator<AzureBlobStoreConfig.Builder> customize) {
        return new AzureBlobObjectStore(customize.apply(storeConfig()).build(), httpClient());
    }

    /**
     * An HTTP client for stores on this Azurite that completes copies from other clouds' URLs (S3 presigned URLs) as
     * Azure would: {@code new AzureBlobObjectStore(storeConfig().build(), azurite.externalCopySources())}.
     */
    public ExternalCopySources externalCopySources() {
        return new ExternalCopySources(HTTP, endpoint(), KEYS);
    }

    /** A plain SDK client of one account, for setting up and inspecting blobs. */
    public BlobServiceClient client(String account) {
        return new BlobServiceClientBuilder()
                .endpoint(endpoint() + "/" + account)
                .credential(new StorageSharedKeyCredential(account, KEYS.get(account)))
                .httpClient(httpClient())
                .buildClient();
    }

    /** Creates a container (no error if it exists). */
    public void createContainer(String account, String container) {
        client(account).getBlobContainerClient(container).createIfNotExists();
    }

    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                children.forEach(ProcessHandle::destroyForcibly);
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        deleteRecursively(workDir);
    }

    private static Azurite launch(Path node, Path main, boolean withEntraId) {
        int port = freePort();
        Path workDir;
        try {
            workDir = Files.createTempDirectory("azurite-");
        } catch (IOException e) {
            throw new IllegalStateException("could not create a directory for Azurite", e);
        }
        Path log = workDir.resolve("azurite.log");
        List<String> command = new ArrayList<>(List.of(node.toString(), main.toString(), "--blobHost", "127.0.0.1",
                "--blobPort", Integer.toString(port), "--inMemoryPersistence", "--disableTelemetry",
                "--skipApiVersionCheck", "--silent"));
        EntraId entraId = null;
        if (withEntraId) {
            entraId = EntraId.create(workDir);
            command.addAll(List.of("--oauth", "basic", "--cert", entraId.certificate().toString(), "--pwd",
                    EntraId.PASSWORD));
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        StringBuilder accounts = new StringBuilder();
        KEYS.forEach((account, key) -> accounts.append(accounts.isEmpty() ? "" : ";").append(account).append(':')
                .append(key));
        builder.environment().put("AZURITE_ACCOUNTS", accounts.toString());
        if (entraId != null) {
            builder.environment().put("NODE_EXTRA_CA_CERTS", entraId.pem().toString());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            deleteRecursively(workDir);
            throw new IllegalStateException("could not run " + node, e);
        }
        Azurite azurite = new Azurite(process, workDir, port, entraId);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String output = read(log);
                azurite.close();
                if (output.contains("EADDRINUSE")) {
                    throw new PortTakenException(output);
                }
                throw new IllegalStateException("Azurite exited with " + process.exitValue() + ":\n" + output);
            }
            if (listening(port) && read(log).contains("successfully listens")) {
                return azurite;
            }
            sleep(100);
        }
        String output = read(log);
        azurite.close();
        throw new IllegalStateException("Azurite did not listen on port " + port + " within " + READY_TIMEOUT + ":\n"
                + output);
    }

    private static void install(Path dir) {
        List<String> command = List.of("npm", "ci", "--no-audit", "--no-fund");
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("npm is needed to install Azurite (" + dir + "); install Node.js with npm",
                    e);
        }
        List<String> output = new ArrayList<>();
        Thread drain = new Thread(() -> {
            try (var lines = p.inputReader(StandardCharsets.UTF_8).lines()) {
                lines.forEach(output::add);
            }
        }, "npm-ci-output");
        drain.start();
        try {
            if (!p.waitFor(INSTALL_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("npm ci in " + dir + " did not finish within " + INSTALL_TIMEOUT);
            }
            drain.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted while installing Azurite", e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("npm ci in " + dir + " failed:\n" + String.join("\n", output));
        }
    }

    private static boolean npmAvailable() {
        try {
            Process p = new ProcessBuilder("npm", "--version").redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code testkit/azurite}, found from the working directory (a module directory or the project root). */
    private static Path packageDirectory() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("testkit/azurite");
            if (Files.exists(candidate.resolve("package-lock.json"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("testkit/azurite/package-lock.json not found above "
                + Path.of("").toAbsolutePath());
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    private static boolean listening(int port) {
        try {
            new Socket(InetAddress.getLoopbackAddress(), port).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(could not read " + log + ": " + e + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Azurite", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: left behind at worst
        }
    }

    private static String key(String seed) {
        return Base64.getEncoder().encodeToString(seed.getBytes(StandardCharsets.US_ASCII));
    }

    private static final class PortTakenException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PortTakenException(String output) {
            super("Azurite's port was taken:\n" + output);
        }
    }
}
