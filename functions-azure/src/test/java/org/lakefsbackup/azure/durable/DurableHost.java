package org.lakefsbackup.azure.durable;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.annotation.FunctionName;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.lakefsbackup.azure.AzureFunctionConfig;
import org.lakefsbackup.azure.AzureServices;
import org.lakefsbackup.azure.StepMetrics;
import org.lakefsbackup.azure.WorkflowStarter;
import org.lakefsbackup.azure.functions.Activities;
import org.lakefsbackup.azure.functions.Orchestrations;
import org.lakefsbackup.core.config.Env;
import org.lakefsbackup.core.lakefs.LakeFsConfig;
import org.lakefsbackup.core.lakefs.SdkLakeFsClient;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.testkit.workflow.WorkflowHost;

/**
 * The Azure host: the orchestrator and activity functions of {@code functions-azure}, found by their
 * {@code @FunctionName} as the Functions host finds them, driven by {@link DurableHarness} (durabletask's
 * {@code OrchestrationRunner} fed protobuf histories; every episode replayed twice and compared). Activities run the
 * real activity code against the given storage and lakeFS. The run is started as the HTTP starter starts it
 * ({@link WorkflowStarter}), under the execution name as instance id. A crash is the activity's worker dying after
 * the step's effects: the task hub delivers the activity again.
 */
final class DurableHost implements WorkflowHost {
    private final Storage storage;
    private final SdkLakeFsClient lakefs;
    private final Map<String, String> base;
    private final StepMetrics metrics;
    private final Map<String, DurableHarness.Orchestrator> orchestrators;
    private final Storage maintenance;
    private AzureServices services;
    private Map<String, DurableHarness.Activity> activities;
    private String crashAfter;

    /**
     * @param storage    the stores the activities use
     * @param lakefsUrl  the lakeFS API URL
     * @param base       app settings of every run (the backup location, endpoints...)
     */
    DurableHost(Storage storage, String lakefsUrl, String keyId, String secret, Map<String, String> base,
                StepMetrics metrics) {
        this(storage, storage, lakefsUrl, keyId, secret, base, metrics);
    }

    /**
     * @param storage     the stores the activities use on the Function App's identity
     * @param maintenance the stores the deleting activities use on the maintenance identity
     */
    DurableHost(Storage storage, Storage maintenance, String lakefsUrl, String keyId, String secret,
                Map<String, String> base, StepMetrics metrics) {
        this.storage = storage;
        this.maintenance = maintenance;
        this.lakefs = new SdkLakeFsClient(new LakeFsConfig(URI.create(lakefsUrl), keyId, secret));
        this.base = Map.copyOf(base);
        this.metrics = metrics;
        this.orchestrators = functions(Orchestrations.class, new Orchestrations(),
                m -> request -> (String) invoke(m, new Orchestrations(), request));
        environment(Map.of());
    }

    @Override
    public void environment(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(base);
        env.putAll(extra);
        services = new AzureServices(AzureFunctionConfig.fromEnvironment(env), storage, maintenance, lakefs,
                Clock.systemUTC(), metrics);
        AzureServices current = services;
        Activities functions = new Activities(() -> current);
        activities = functions(Activities.class, functions, m -> input -> (String) invoke(m, functions, input, null));
    }

    @Override
    public Execution run(String workflow, String executionName, Map<String, Object> input) {
        AzureServices current = services;
        JsonNode checked = new WorkflowStarter(current::config).input(workflow, Json.mapper().valueToTree(input));
        DurableHarness harness = new DurableHarness(orchestrators, activities, executionName.hashCode());
        if (crashAfter != null) {
            harness.redeliverAfter(crashAfter);
            crashAfter = null;
        }
        DurableHarness.Result result = harness.run(workflow, executionName, checked);
        JsonNode output = null;
        if (result.completed()) {
            try {
                output = Json.mapper().readTree(result.output());
            } catch (IOException e) {
                throw new AssertionError("the orchestration's output is not JSON: " + result.output(), e);
            }
        }
        return new Execution(result.completed(), result.errorType(), output, harness.invocations);
    }

    /** The services the activities of the next run use. */
    AzureServices services() {
        return services;
    }

    @Override
    public void crashAfter(String step) {
        crashAfter = step;
    }

    @Override
    public void close() {
        lakefs.close();
    }

    /** The functions of a class by their {@code @FunctionName}. */
    static <F> Map<String, F> functions(Class<?> type, Object instance, Function<Method, F> adapt) {
        Map<String, F> functions = new HashMap<>();
        for (Method m : type.getMethods()) {
            FunctionName name = m.getAnnotation(FunctionName.class);
            if (name != null && functions.put(name.value(), adapt.apply(m)) != null) {
                throw new AssertionError("two functions named " + name.value());
            }
        }
        return functions;
    }

    static Object invoke(Method m, Object target, Object... args) {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** App settings for a lakeFS and a default backup location. */
    static Map<String, String> settings(String lakefsUrl, String backup) {
        Map<String, String> env = new HashMap<>();
        env.put(Env.LAKEFS_ENDPOINT, lakefsUrl);
        env.put(Env.BACKUP_LOCATION, backup);
        return env;
    }
}
