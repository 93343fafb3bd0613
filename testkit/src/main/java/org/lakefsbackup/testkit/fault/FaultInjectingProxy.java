package org.lakefsbackup.testkit.fault;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An HTTP/1.1 reverse proxy on 127.0.0.1 in front of one plain-HTTP upstream (an S3 server or lakeFS) that injects
 * faults by {@link FaultRule}s. Requests are forwarded byte for byte: method, target, every header as received
 * ({@code Host} included, so AWS signatures still verify) and the body, fixed-length or chunked, streamed. Each
 * client connection gets its own upstream connection. The one change: an {@code Expect: 100-continue} header is
 * answered by the proxy and not forwarded (signatures do not cover it).
 *
 * <p>Rules are checked in order for each request; the first terminal fault that fires wins, {@link Fault#LATENCY}
 * rules add their delay and let the request go on. Random decisions come from one {@link Random} seeded at start,
 * so a sequential client sees the same faults on every run. Thread-safe; rules can be changed while running.
 */
public final class FaultInjectingProxy implements AutoCloseable {

    /** The shape of injected error responses. */
    public enum Mode {
        /** S3 XML errors ({@code SlowDown}, {@code InternalError}). */
        S3,
        /** lakeFS JSON errors ({@code {"message": ...}}). */
        LAKEFS
    }

    /** Sees every request as received, before any fault (e.g. to count requests by kind). */
    @FunctionalInterface
    public interface RequestObserver {
        /**
         * Called on the connection's thread for each request.
         *
         * @param header the value of a request header by name (case-insensitive), or {@code null}
         */
        void request(String method, String target, java.util.function.Function<String, String> header);
    }

    private record ActiveRule(FaultRule rule, AtomicLong matched) {
    }

    private record Decision(Fault fault, Duration latency) {
    }

    private final InetSocketAddress upstream;
    private final Mode mode;
    private final Random random;
    private final ServerSocket server;
    private final ExecutorService threads;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicReference<List<ActiveRule>> rules = new AtomicReference<>(List.of());
    private final AtomicLong requests = new AtomicLong();
    private volatile RequestObserver observer;
    private final Map<Fault, AtomicLong> injected = new EnumMap<>(Fault.class);

    private FaultInjectingProxy(URI upstream, Mode mode, long seed) throws IOException {
        if (!"http".equals(upstream.getScheme()) || upstream.getHost() == null) {
            throw new IllegalArgumentException("upstream must be an http:// URI with a host: " + upstream);
        }
        this.upstream = new InetSocketAddress(upstream.getHost(), upstream.getPort() < 0 ? 80 : upstream.getPort());
        this.mode = Objects.requireNonNull(mode, "mode");
        this.random = new Random(seed);
        for (Fault f : Fault.values()) {
            injected.put(f, new AtomicLong());
        }
        this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fault-proxy-" + server.getLocalPort());
            t.setDaemon(true);
            return t;
        });
        threads.execute(this::acceptLoop);
    }

    /**
     * Starts a proxy in front of {@code upstream} (e.g. {@code http://127.0.0.1:9000}) with no rules.
     *
     * @param seed seeds the random source behind rate-based rules
     */
    public static FaultInjectingProxy start(URI upstream, Mode mode, long seed) {
        try {
            return new FaultInjectingProxy(upstream, mode, seed);
        } catch (IOException e) {
            throw new IllegalStateException("could not open a port for the fault-injecting proxy", e);
        }
    }

    /** Where clients connect, {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Replaces the rules; each starts counting its matching requests from zero. */
    public void rules(FaultRule... newRules) {
        List<ActiveRule> active = new ArrayList<>();
        for (FaultRule r : newRules) {
            active.add(new ActiveRule(r, new AtomicLong()));
        }
        rules.set(List.copyOf(active));
    }

    /** Shows every request from now on to {@code observer} (replacing an earlier one; {@code null} for none). */
    public void observe(RequestObserver requestObserver) {
        this.observer = requestObserver;
    }

    /** Forwards everything from now on. */
    public void clearRules() {
        rules.set(List.of());
    }

    /** Requests received, faulted or not. */
    public long requests() {
        return requests.get();
    }

    /** Faults injected, every kind. */
    public long faultsInjected() {
        return injected.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public long faultsInjected(Fault fault) {
        return injected.get(fault).get();
    }

    public void resetCounts() {
        requests.set(0);
        injected.values().forEach(n -> n.set(0));
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
        threads.shutdownNow();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        Socket up = null;
        try {
            client.setTcpNoDelay(true);
            InputStream cin = new BufferedInputStream(client.getInputStream());
            OutputStream cout = new BufferedOutputStream(client.getOutputStream());
            InputStream uin = null;
            OutputStream uout = null;
            while (true) {
                HttpHead request = HttpHead.read(cin);
                if (request == null) {
                    return;
                }
                requests.incrementAndGet();
                RequestObserver seen = observer;
                if (seen != null) {
                    seen.request(request.method(), request.target(), request::header);
                }
                Decision decision = decide(request.method(), request.target());
                if (!decision.latency().isZero()) {
                    injected.get(Fault.LATENCY).incrementAndGet();
                    Thread.sleep(decision.latency().toMillis());
                }
                boolean expectContinue = request.hasToken("Expect", "100-continue");
                if (decision.fault() == Fault.CONNECTION_RESET) {
                    injected.get(Fault.CONNECTION_RESET).incrementAndGet();
                    client.setSoLinger(true, 0);
                    return;
                }
                if (decision.fault() != null) {
                    injected.get(decision.fault()).incrementAndGet();
                    if (!expectContinue) {
                        HttpHead.copyBody(request.requestFraming(), request.contentLength(), cin, null);
                    }
                    writeError(cout, decision.fault(), request.method());
                    return;
                }
                if (up == null) {
                    up = new Socket();
                    open.add(up);
                    up.connect(upstream, 5_000);
                    up.setTcpNoDelay(true);
                    uin = new BufferedInputStream(up.getInputStream());
                    uout = new BufferedOutputStream(up.getOutputStream());
                }
                request.writeTo(uout, "Expect");
                if (expectContinue) {
                    cout.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    cout.flush();
                }
                HttpHead.copyBody(request.requestFraming(), request.contentLength(), cin, uout);
                uout.flush();
                HttpHead response = HttpHead.read(uin);
                while (response != null && response.status() / 100 == 1 && response.status() != 101) {
                    response.writeTo(cout);
                    cout.flush();
                    response = HttpHead.read(uin);
                }
                if (response == null) {
                    return; // upstream closed: the client sees its connection close too
                }
                response.writeTo(cout);
                HttpHead.Framing framing = response.responseFraming(request.method());
                HttpHead.copyBody(framing, response.contentLength(), uin, cout);
                cout.flush();
                if (framing == HttpHead.Framing.UNTIL_CLOSE || response.hasToken("Connection", "close")
                        || request.hasToken("Connection", "close")) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // a peer went away or sent something unparseable: drop this connection
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(client);
            if (up != null) {
                closeQuietly(up);
            }
        }
    }

    private Decision decide(String method, String target) {
        Duration latency = Duration.ZERO;
        synchronized (random) {
            for (ActiveRule active : rules.get()) {
                FaultRule rule = active.rule();
                if (!rule.matches(method, target)) {
                    continue;
                }
                long n = active.matched().incrementAndGet();
                boolean fires = rule.nth() > 0 ? n == rule.nth() : random.nextDouble() < rule.rate();
                if (!fires) {
                    continue;
                }
                if (rule.fault() == Fault.LATENCY) {
                    latency = latency.plus(rule.latency());
                } else {
                    return new Decision(rule.fault(), latency);
                }
            }
        }
        return new Decision(null, latency);
    }

    private void writeError(OutputStream out, Fault fault, String method) throws IOException {
        boolean slowDown = fault == Fault.SLOW_DOWN;
        int status = slowDown ? 503 : 500;
        String reason = slowDown ? "Slow Down" : "Internal Server Error";
        String contentType;
        String body;
        if (mode == Mode.S3) {
            contentType = "application/xml";
            String code = slowDown ? "SlowDown" : "InternalError";
            String message = slowDown ? "Please reduce your request rate." : "We encountered an internal error. Please try again.";
            body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                    + "</Message><RequestId>fault-proxy-" + requests.get() + "</RequestId></Error>";
        } else {
            contentType = "application/json";
            body = "{\"message\":\"" + (slowDown ? "slow down (injected fault)" : "internal error (injected fault)")
                    + "\"}";
        }
        byte[] bytes = "HEAD".equals(method) ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason + "\r\n"
                + "Content-Type: " + contentType + "\r\n"
                + "Content-Length: " + bytes.length + "\r\n"
                + "Connection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
