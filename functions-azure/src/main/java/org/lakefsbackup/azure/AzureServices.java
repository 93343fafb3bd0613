package org.lakefsbackup.azure;

import com.azure.identity.ManagedIdentityCredentialBuilder;
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
import org.lakefsbackup.core.step.StepCatalog;
import org.lakefsbackup.core.step.StepDefinition;
import org.lakefsbackup.core.step.StepServices;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.core.store.azure.AzureBlobObjectStore;
import org.lakefsbackup.core.store.azure.AzureBlobStoreConfig;
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
    private final StepServices maintenanceSteps;
    private final StepMetrics metrics;

    /** Services where every step uses the same stores (Azurite, tests). */
    public AzureServices(AzureFunctionConfig config, Storage storage, LakeFsClient lakefs, Clock clock,
                         StepMetrics metrics) {
        this(config, storage, storage, lakefs, clock, metrics);
    }

    /**
     * @param config             the configuration
     * @param storage            the object stores of every step but the deleting ones
     * @param maintenanceStorage the object stores of the steps that delete beyond run scratch
     *                           ({@link StepCatalog#deletesBeyondScratch}), on the maintenance identity
     * @param lakefs             the lakeFS client (normally {@link LakeFsClient#lazy})
     * @param clock              the clock
     * @param metrics            where the steps' metrics go
     */
    public AzureServices(AzureFunctionConfig config, Storage storage, Storage maintenanceStorage, LakeFsClient lakefs,
                         Clock clock, StepMetrics metrics) {
        this.config = Objects.requireNonNull(config, "config");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        // a Function App instance has no pid another instance could check: leases lapse by their TTL
        LeaseOwner owner = LeaseOwner.function("azure-functions:" + config.site());
        this.steps = new StepServices(lakefs, storage, clock, config.settings(), owner, pid -> true);
        this.maintenanceSteps = maintenanceStorage == storage ? steps
                : new StepServices(lakefs, maintenanceStorage, clock, config.settings(), owner, pid -> true);
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
        Storage storage = storage(blob, s3);
        // the maintenance identity is the only one allowed to delete beyond run scratch (see infra/azure)
        Storage maintenance = config.maintenanceClientId() == null ? storage : storage(blob.credential(
                new ManagedIdentityCredentialBuilder().clientId(config.maintenanceClientId()).build()), s3);
        Supplier<LakeFsClient> lakefs = () -> new SdkLakeFsClient(new LakeFsConfigResolver(env,
                Path.of(System.getProperty("user.home"))).resolve(LakeFsConfigResolver.Flags.NONE));
        return new AzureServices(config, storage, maintenance, LakeFsClient.lazy(lakefs), Clock.systemUTC(),
                new OpenTelemetryMetrics());
    }

    private static Storage storage(AzureBlobStoreConfig.Builder blob, S3StoreConfig.Builder s3) {
        AzureBlobStoreConfig blobConfig = blob.build();
        return Storage.onFirstUse(
                new Storage.StoreFactory(Set.of(Location.Scheme.AZURE_BLOB), () -> new AzureBlobObjectStore(blobConfig)),
                new Storage.StoreFactory(Set.of(Location.Scheme.S3), () -> new S3ObjectStore(s3.build())));
    }

    public AzureFunctionConfig config() {
        return config;
    }

    /** The core's ports; leases are taken as {@code azure-functions:<Function App>}. */
    public StepServices steps() {
        return steps;
    }

    /**
     * The ports {@code step} runs with: those on the maintenance identity for the steps that delete beyond run
     * scratch ({@link StepCatalog#deletesBeyondScratch}), {@link #steps()} for every other.
     */
    public StepServices stepsFor(StepDefinition<?, ?> step) {
        return StepCatalog.deletesBeyondScratch(step) ? maintenanceSteps : steps;
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
        if (maintenanceSteps != steps) {
            maintenanceSteps.storage().close();
        }
    }
}
