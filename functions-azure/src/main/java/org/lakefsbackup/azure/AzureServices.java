package org.lakefsbackup.azure;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.lakefsbackup.azure.internal.OpenTelemetryMetrics;
import org.lakefsbackup.core.lakefs.LakeFsClient;
import org.lakefsbackup.core.lakefs.LakeFsConfigResolver;
import org.lakefsbackup.core.lakefs.SdkLakeFsClient;
import org.lakefsbackup.core.lease.LeaseOwner;
import org.lakefsbackup.core.step.StepServices;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.core.store.azure.AzureBlobObjectStore;
import org.lakefsbackup.core.store.s3.S3ObjectStore;
import org.lakefsbackup.core.store.s3.S3StoreConfig;

/**
 * What the Azure functions share within one worker process: the configuration, the object stores (Azure Blob on the
 * Function App's managed identity; S3 only when a location needs it, for migrations from S3), the lakeFS client
 * (built on the first step that calls lakeFS, from the Key Vault-backed app settings), the core's step services and
 * the metrics sink. Built once per process ({@link #shared()}), thread-safe.
 */
public final class AzureServices implements AutoCloseable {
    private static AzureServices shared;

    private final AzureFunctionConfig config;
    private final StepServices steps;
    private final StepMetrics metrics;

    /**
     * @param config  the configuration
     * @param storage the object stores
     * @param lakefs  the lakeFS client (normally {@link LakeFsClient#lazy})
     * @param clock   the clock
     * @param metrics where the steps' metrics go
     */
    public AzureServices(AzureFunctionConfig config, Storage storage, LakeFsClient lakefs, Clock clock,
                         StepMetrics metrics) {
        this.config = Objects.requireNonNull(config, "config");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        // a Function App instance has no pid another instance could check: leases lapse by their TTL
        this.steps = new StepServices(lakefs, storage, clock, config.settings(),
                LeaseOwner.function("azure-functions:" + config.site()), pid -> true);
    }

    /** The services of this worker process, built from its app settings on first use. */
    public static synchronized AzureServices shared() {
        if (shared == null) {
            shared = fromEnvironment(System.getenv());
        }
        return shared;
    }

    /** The production wiring from an environment. */
    public static AzureServices fromEnvironment(Map<String, String> env) {
        AzureFunctionConfig config = AzureFunctionConfig.fromEnvironment(env);
        var blob = config.blobStore(env);
        S3StoreConfig.Builder s3 = S3StoreConfig.builder().pathStyle(config.shared().s3PathStyle());
        URI s3Endpoint = config.shared().s3Endpoint();
        if (s3Endpoint != null) {
            s3.endpointOverride(s3Endpoint);
        }
        if (config.shared().s3Region() != null) {
            s3.region(config.shared().s3Region());
        }
        Storage storage = Storage.onFirstUse(
                new Storage.StoreFactory(Set.of(Location.Scheme.AZURE_BLOB), () -> new AzureBlobObjectStore(blob.build())),
                new Storage.StoreFactory(Set.of(Location.Scheme.S3), () -> new S3ObjectStore(s3.build())));
        Supplier<LakeFsClient> lakefs = () -> new SdkLakeFsClient(new LakeFsConfigResolver(env,
                Path.of(System.getProperty("user.home"))).resolve(LakeFsConfigResolver.Flags.NONE));
        return new AzureServices(config, storage, LakeFsClient.lazy(lakefs), Clock.systemUTC(),
                new OpenTelemetryMetrics());
    }

    public AzureFunctionConfig config() {
        return config;
    }

    /** The core's ports; leases are taken as {@code azure-functions:<Function App>}. */
    public StepServices steps() {
        return steps;
    }

    public StepMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        try {
            steps.lakefs().close();
        } catch (Exception e) {
            // closing at shutdown; nothing to report to
        }
        steps.storage().close();
    }
}
