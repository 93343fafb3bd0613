package org.lakefsbackup.tools.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.lakefsbackup.core.store.s3.S3ObjectStore;
import org.lakefsbackup.testkit.s3.EmbeddedS3;
import org.lakefsbackup.testkit.s3.S3TestServer;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * S3Proxy ({@link EmbeddedS3}, in memory) in a JVM of its own, so that its CPU is not the measured client's and a
 * benchmark sees it as peers see any S3 server: over HTTP from another process. Started with this JVM's class path;
 * {@link #main} is the child's entry point. Close it to stop the child.
 */
public final class S3ProxyProcess implements S3TestServer {
    private final Process process;
    private final URI endpoint;

    private S3ProxyProcess(String maxHeap) {
        try {
            process = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-Xmx" + maxHeap, "-XX:+UseParallelGC", "-cp", System.getProperty("java.class.path"),
                    S3ProxyProcess.class.getName())).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            String found = null;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("endpoint ")) {
                    found = line.substring("endpoint ".length()).trim();
                    break;
                }
            }
            if (found == null) {
                throw new IllegalStateException("S3Proxy's JVM ended without an endpoint (exit " + process.waitFor() + ")");
            }
            endpoint = URI.create(found);
            Thread drain = new Thread(() -> {
                try {
                    while (out.readLine() != null) {
                        // S3Proxy's own log, discarded
                    }
                } catch (IOException ignored) {
                    // the child ended
                }
            }, "s3proxy-output");
            drain.setDaemon(true);
            drain.start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start S3Proxy's JVM: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting S3Proxy", e);
        }
    }

    /** Starts S3Proxy in a child JVM with the given maximum heap (e.g. {@code 3g}); it keeps objects in memory. */
    public static S3ProxyProcess start(String maxHeap) {
        return new S3ProxyProcess(maxHeap);
    }

    /** The child's entry point: starts S3Proxy, prints {@code endpoint <uri>} and serves until killed. */
    public static void main(String[] args) throws InterruptedException {
        EmbeddedS3 s3 = EmbeddedS3.start();
        System.out.println("endpoint " + s3.endpoint());
        System.out.flush();
        Thread.currentThread().join();
    }

    @Override
    public String name() {
        return "S3Proxy";
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public String accessKeyId() {
        return EmbeddedS3.ACCESS_KEY;
    }

    @Override
    public String secretAccessKey() {
        return EmbeddedS3.SECRET_KEY;
    }

    @Override
    public void createBucket(String name) {
        try (var client = newClient(endpoint)) {
            client.createBucket(b -> b.bucket(name));
        } catch (BucketAlreadyOwnedByYouException e) {
            // already there
        }
    }

    @Override
    public S3ObjectStore newStore() {
        return new S3ObjectStore(org.lakefsbackup.core.store.s3.S3StoreConfig.builder().endpointOverride(endpoint)
                .pathStyle(true).region(EmbeddedS3.REGION).credentials(EmbeddedS3.credentials()).build());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
