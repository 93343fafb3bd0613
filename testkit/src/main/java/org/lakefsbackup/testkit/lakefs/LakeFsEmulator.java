package org.lakefsbackup.testkit.lakefs;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.lakefsbackup.core.store.Storage;

/**
 * An in-process lakeFS server for tests: lakeFS's REST API at {@code /api/v1} with lakeFS's semantics for
 * repositories, branches, tags, commits, objects, staging, branch protection, repository metadata and refs
 * dump/restore (synchronous and asynchronous), behind HTTP Basic authentication.
 *
 * <p>Metadata lives in memory. Repository data lives in each repository's storage namespace, read and written
 * through the given {@link Storage}: object bodies at {@code data/<xid>/<xid>}, the {@code _lakefs/dummy} marker,
 * commit trees and refs dumps as content-addressed {@code _lakefs/<sha256>} documents, and the sync dump's
 * {@code _lakefs/refs_manifest.json}. A repository therefore reads exactly what was copied into its namespace.
 *
 * <p>Commit ids are content hashes (SHA-256 of the commit's fields), so a dump restored elsewhere yields identical
 * ids. The document formats are the emulator's own (JSON), not lakeFS's sstables.
 *
 * <p>Its behaviour tests ({@code LakeFs*Contract}) also run against real lakeFS; where the two differ is listed,
 * with the real behaviour, in {@code docs/testing.md}.
 *
 * <p>Switches tests flip at run time: {@link #setVersion}, {@link #setBareChecksDummy}, {@link #setTaskDelay},
 * {@link #setTasksLost}, {@link #setTaskHook}, {@link #setPreCommitFailure}. Thread-safe.
 */
public final class LakeFsEmulator implements AutoCloseable {
    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY each call waits out a delayed ACK.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final Controls controls;
    private final EmulatorState state;
    private final Router router;
    private final RefsApi refsApi;
    private final Actions actions;
    private final String host;
    private final int requestedPort;
    private HttpServer server;
    private ExecutorService serverThreads;

    private LakeFsEmulator(Builder b) {
        this.controls = new Controls(b.clock, b.accessKeyId, b.secretAccessKey, b.committer,
                Blockstore.of(b.blockstoreType), b.version);
        this.state = new EmulatorState(controls, new NamespaceStore(b.storage));
        this.router = new Router(controls, state.lock);
        this.refsApi = new RefsApi(state);
        this.actions = new Actions(state, b.actionsEnvironment);
        new RepositoryApi(state, actions).register(router);
        actions.register(router);
        new ObjectApi(state).register(router);
        refsApi.register(router);
        this.host = b.host;
        this.requestedPort = b.port;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts serving. Returns this emulator for chaining. */
    public synchronized LakeFsEmulator start() {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), requestedPort), 32);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + requestedPort, e);
        }
        serverThreads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "lakefs-emulator-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(serverThreads);
        server.createContext("/", router);
        server.start();
        return this;
    }

    /** The API base URL, {@code http://127.0.0.1:<port>/api/v1}, as the Java SDK's {@code setBasePath} wants it. */
    public synchronized String endpoint() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return "http://" + host + ":" + server.getAddress().getPort() + Router.BASE;
    }

    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.getAddress().getPort();
    }

    public String accessKeyId() {
        return controls.accessKeyId;
    }

    public String secretAccessKey() {
        return controls.secretAccessKey;
    }

    /** The version {@code GET /config} reports. Below 1.3.0 the asynchronous dump/restore endpoints answer 404. */
    public String version() {
        return controls.version();
    }

    public void setVersion(String version) {
        controls.setVersion(version);
    }

    /**
     * Pre-1.52.0 behaviour: bare repository creation runs the storage-namespace check (refusing a namespace holding
     * {@code _lakefs/dummy} or {@code dummy}) and writes {@code _lakefs/dummy}. Off by default.
     */
    public void setBareChecksDummy(boolean on) {
        controls.setBareChecksDummy(on);
    }

    /** How long an asynchronous task waits before running its steps; its status says {@code done:false} meanwhile. */
    public void setTaskDelay(Duration delay) {
        controls.setTaskDelay(delay);
    }

    /**
     * Simulates the lakeFS node that ran the tasks dying (or the 24 h status cleanup): when on, every task status
     * is forgotten and status calls answer 404, as do those for tasks submitted while it stays on.
     */
    public void setTasksLost(boolean lost) {
        synchronized (state.lock) {
            controls.setTasksLost(lost);
            if (lost) {
                state.repos.values().forEach(r -> r.tasks.clear());
            }
        }
    }

    /**
     * Decides the fate of each dump and restore task submitted from now on (lost, stalled, or run after an action),
     * counting submissions afresh; {@code null} or {@link TaskHook#NONE} runs every task.
     */
    public void setTaskHook(TaskHook hook) {
        controls.setTaskHook(hook);
    }

    /** Makes commits to branches of this name fail with 412 "pre-commit hook aborted ..." (any repository). */
    public void setPreCommitFailure(String branch, boolean fail) {
        controls.setPreCommitFailure(branch, fail);
    }

    /** Calls served per {@code "METHOD /path/template"}, e.g. {@code "POST /repositories/{repository}/dump"}. */
    public long requestCount(String methodAndTemplate) {
        return router.count(methodAndTemplate);
    }

    /** All request counts, keyed as in {@link #requestCount}. */
    public Map<String, Long> requestCounts() {
        return router.counts();
    }

    public void resetRequestCounts() {
        router.resetCounts();
    }

    @Override
    public synchronized void close() {
        refsApi.close();
        actions.close();
        if (server != null) {
            server.stop(0);
            serverThreads.shutdownNow();
            try {
                serverThreads.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server = null;
        }
    }

    /** Configures an emulator; only the storage is required. */
    public static final class Builder {
        private Storage storage;
        private String accessKeyId = "AKIAIOSFODNN7EXAMPLE";
        private String secretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        private String version = "1.53.1";
        private String blockstoreType = "s3";
        private String committer = "admin";
        private String host = "127.0.0.1";
        private int port;
        private Clock clock = Clock.systemUTC();
        private java.util.Map<String, String> actionsEnvironment = java.util.Map.of();

        private Builder() {
        }

        /**
         * The environment lakeFS actions see, as real lakeFS's process environment: hooks may use
         * {@code {{ ENV.LAKEFSACTION_... }}} (variables with other names are not visible to actions). Default empty.
         */
        public Builder actionsEnvironment(java.util.Map<String, String> environment) {
            this.actionsEnvironment = java.util.Map.copyOf(environment);
            return this;
        }

        /** Where repository namespaces live. */
        public Builder storage(Storage storage) {
            this.storage = storage;
            return this;
        }

        /** The one access key accepted by HTTP Basic authentication. */
        public Builder credentials(String accessKeyId, String secretAccessKey) {
            this.accessKeyId = Objects.requireNonNull(accessKeyId);
            this.secretAccessKey = Objects.requireNonNull(secretAccessKey);
            return this;
        }

        /** The lakeFS version reported, default 1.53.1. */
        public Builder version(String version) {
            Versions.parse(version);
            this.version = version;
            return this;
        }

        /**
         * The block store type ({@code s3} default, {@code gs}, {@code azure}, {@code local}, {@code mem}):
         * reported by {@code GET /config} and deciding which namespaces repository creation accepts.
         */
        public Builder blockstoreType(String type) {
            Blockstore.of(type);
            this.blockstoreType = type;
            return this;
        }

        /** The committer name recorded on commits, default {@code admin}. */
        public Builder committer(String committer) {
            this.committer = Objects.requireNonNull(committer);
            return this;
        }

        /** The listening address, default 127.0.0.1. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host);
            return this;
        }

        /** The listening port; 0 (default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The clock for creation dates, commit dates and task update times. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public LakeFsEmulator build() {
            if (storage == null) {
                throw new IllegalStateException("a storage is required");
            }
            return new LakeFsEmulator(this);
        }
    }
}
