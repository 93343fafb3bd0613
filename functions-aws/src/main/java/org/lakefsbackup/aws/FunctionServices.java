package org.lakefsbackup.aws;

import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;
import org.lakefsbackup.aws.internal.BatchOperations;
import org.lakefsbackup.aws.internal.SecretsManagerSecretSource;
import org.lakefsbackup.core.lakefs.LakeFsClient;
import org.lakefsbackup.core.lakefs.LakeFsConfig;
import org.lakefsbackup.core.lakefs.LakeFsConfigResolver;
import org.lakefsbackup.core.lakefs.SdkLakeFsClient;
import org.lakefsbackup.core.config.Env;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.lease.LeaseOwner;
import org.lakefsbackup.core.step.StepServices;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.core.store.s3.S3ObjectStore;
import org.lakefsbackup.core.store.s3.S3StoreConfig;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.s3control.S3ControlClientBuilder;

/**
 * What every handler needs, built once per execution environment (cold start): the configuration, the S3 store on
 * the function's role, the metrics sink and, on first use, the lakeFS client. The lakeFS secret is fetched on the
 * first invocation rather than during init, so a SnapStart snapshot holds no credential and no open connection to
 * lakeFS. Thread-safe.
 */
public final class FunctionServices implements AutoCloseable {
    private final AwsFunctionConfig config;
    private final Storage storage;
    private final SecretSource secrets;
    private final Function<LakeFsConfig, LakeFsClient> clientFactory;
    private final Clock clock;
    private final Metrics metrics;
    private final Function<AwsFunctionConfig, S3ControlClient> s3ControlFactory;
    private volatile StepServices steps;
    private volatile LakeFsClient lakefs;
    private volatile S3ControlClient s3Control;

    public FunctionServices(AwsFunctionConfig config, Storage storage, SecretSource secrets,
                            Function<LakeFsConfig, LakeFsClient> clientFactory, Clock clock, Metrics metrics) {
        this(config, storage, secrets, clientFactory, clock, metrics, FunctionServices::s3Control);
    }

    /** As above, with the factory of the S3 Control client (Batch Operations), called on first use. */
    public FunctionServices(AwsFunctionConfig config, Storage storage, SecretSource secrets,
                            Function<LakeFsConfig, LakeFsClient> clientFactory, Clock clock, Metrics metrics,
                            Function<AwsFunctionConfig, S3ControlClient> s3ControlFactory) {
        this.s3ControlFactory = Objects.requireNonNull(s3ControlFactory, "s3ControlFactory");
        this.config = Objects.requireNonNull(config, "config");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.clientFactory = Objects.requireNonNull(clientFactory, "clientFactory");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** The production wiring: configuration from the environment, S3 and Secrets Manager on the function's role. */
    public static FunctionServices fromEnvironment() {
        AwsFunctionConfig config = AwsFunctionConfig.fromEnvironment(System.getenv());
        SecretSource secrets = config.lakefsSecretArn() == null ? FunctionServices::noSecret
                : SecretsManagerSecretSource.create(config.lakefsSecretArn(), config.secretsManagerEndpoint(),
                config.shared().s3Region(), null);
        return create(config, secrets);
    }

    private static LakeFsSecret noSecret() {
        throw ErrorCode.UNAUTHORIZED.exception("this function has no lakeFS credentials (" + AwsFunctionConfig
                .LAKEFS_SECRET_ARN + " is not set): it runs only steps that never call lakeFS");
    }

    /** Production wiring with a given secret source. */
    public static FunctionServices create(AwsFunctionConfig config, SecretSource secrets) {
        S3StoreConfig.Builder s3 = S3StoreConfig.builder().pathStyle(config.shared().s3PathStyle());
        if (config.shared().s3Endpoint() != null) {
            s3.endpointOverride(config.shared().s3Endpoint());
        }
        if (config.shared().s3Region() != null) {
            s3.region(config.shared().s3Region());
        }
        Storage storage = Storage.of(new S3ObjectStore(s3.build()));
        return new FunctionServices(config, storage, secrets, SdkLakeFsClient::new, Clock.systemUTC(),
                new Metrics(config.metricsNamespace(), System.out, Clock.systemUTC()));
    }

    public AwsFunctionConfig config() {
        return config;
    }

    public Storage storage() {
        return storage;
    }

    public Metrics metrics() {
        return metrics;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * The core's ports. The lakeFS client is created (and its secret fetched) when a step first calls lakeFS, so a
     * function that runs only store steps never needs the secret. Leases are taken in this function's name.
     */
    public StepServices steps() {
        StepServices s = steps;
        if (s == null) {
            synchronized (this) {
                if (steps == null) {
                    String function = System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "local");
                    steps = new StepServices(lazyLakeFs(), storage, clock, config.settings(),
                            LeaseOwner.function("aws-lambda:" + function), pid -> true);
                }
                s = steps;
            }
        }
        return s;
    }

    /** A lakeFS client that is built on its first call. */
    private LakeFsClient lazyLakeFs() {
        return (LakeFsClient) java.lang.reflect.Proxy.newProxyInstance(LakeFsClient.class.getClassLoader(),
                new Class<?>[] {LakeFsClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close") && lakefs == null) {
                        return null;
                    }
                    try {
                        return method.invoke(lakefs(), args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private LakeFsClient lakefs() {
        LakeFsClient c = lakefs;
        if (c == null) {
            synchronized (this) {
                if (lakefs == null) {
                    lakefs = clientFactory.apply(lakeFsConfig());
                }
                c = lakefs;
            }
        }
        return c;
    }

    /** S3 Batch Operations on the function's role; the S3 Control client is created on the first call. */
    public BatchOperations batchOperations() {
        S3ControlClient c = s3Control;
        if (c == null) {
            synchronized (this) {
                if (s3Control == null) {
                    s3Control = s3ControlFactory.apply(config);
                }
                c = s3Control;
            }
        }
        return new BatchOperations(c, storage, config.batch(), config.shared().s3Region());
    }

    /** The production S3 Control client: the function's region and role, the configured endpoint override. */
    public static S3ControlClient s3Control(AwsFunctionConfig config) {
        S3ControlClientBuilder builder = S3ControlClient.builder().httpClientBuilder(ApacheHttpClient.builder());
        if (config.shared().s3Region() != null) {
            builder.region(Region.of(config.shared().s3Region()));
        }
        if (config.batch().endpoint() != null) {
            builder.endpointOverride(config.batch().endpoint());
        }
        return builder.build();
    }

    private LakeFsConfig lakeFsConfig() {
        LakeFsSecret secret = secrets.fetch();
        URI endpoint = config.shared().lakefsEndpoint() != null
                ? LakeFsConfigResolver.normalizeEndpoint(config.shared().lakefsEndpoint().toString())
                : secret.endpointUrl() != null ? LakeFsConfigResolver.normalizeEndpoint(secret.endpointUrl()) : null;
        if (endpoint == null) {
            throw ErrorCode.INVALID_INPUT.exception("no lakeFS endpoint: set " + Env.LAKEFS_ENDPOINT
                    + " or endpoint_url in the secret");
        }
        return new LakeFsConfig(endpoint, secret.accessKeyId(), secret.secretAccessKey());
    }

    @Override
    public void close() {
        LakeFsClient c = lakefs;
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                // closing at shutdown; nothing to report to
            }
        }
        storage.close();
        S3ControlClient control = s3Control;
        if (control != null) {
            control.close();
        }
        if (secrets instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // closing at shutdown
            }
        }
    }
}
