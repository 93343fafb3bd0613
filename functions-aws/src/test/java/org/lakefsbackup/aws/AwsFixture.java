package org.lakefsbackup.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakefs.clients.sdk.ApiClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.lakefsbackup.aws.handler.AwsStep;
import org.lakefsbackup.aws.handler.AwsSteps;
import org.lakefsbackup.aws.handler.StepFunctionHandler;
import org.lakefsbackup.core.config.Env;
import org.lakefsbackup.core.lakefs.SdkLakeFsClient;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.testkit.lakefs.LakeFsEmulator;
import org.lakefsbackup.testkit.lakefs.SampleRepository;
import org.lakefsbackup.testkit.s3.EmbeddedS3;

/**
 * An embedded S3 server (buckets {@code source}, {@code backups}, {@code target}), a lakeFS emulator whose
 * namespaces live in it, and {@link FunctionServices} wired as in Lambda ({@link FunctionServices#create}: S3 on
 * the default credential chain, here the test keys as system properties) with a secret source that counts fetches.
 */
public final class AwsFixture implements AutoCloseable {
    public static final String KEY = "AKIAEMULATOR";
    public static final String SECRET = "emulator-secret-key-never-logged";

    public final EmbeddedS3 s3;
    public final Storage emulatorStorage;
    public final LakeFsEmulator lakefs;
    public final AtomicInteger secretFetches = new AtomicInteger();
    public final ByteArrayOutputStream metricsOut = new ByteArrayOutputStream();
    public final FunctionServices services;

    public AwsFixture() {
        this(Map.of());
    }

    public AwsFixture(Map<String, String> extraEnv) {
        System.setProperty("aws.accessKeyId", EmbeddedS3.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", EmbeddedS3.SECRET_KEY);
        s3 = EmbeddedS3.start();
        for (String bucket : List.of("source", "backups", "target")) {
            s3.createBucket(bucket);
        }
        emulatorStorage = Storage.of(s3.newStore());
        lakefs = LakeFsEmulator.builder().storage(emulatorStorage).credentials(KEY, SECRET).build().start();
        services = services(env(extraEnv));
    }

    public Map<String, String> env(Map<String, String> extra) {
        var env = new java.util.HashMap<String, String>();
        env.put(AwsFunctionConfig.STEPS, String.join(",", AwsSteps.all().stream().map(AwsStep::name).toList()));
        env.put(AwsFunctionConfig.LAKEFS_SECRET_ARN, "arn:aws:secretsmanager:us-east-1:123456789012:secret:lakefs-AbCdEf");
        env.put(Env.LAKEFS_ENDPOINT, lakefs.endpoint());
        env.put(Env.BACKUP_LOCATION, "s3://backups/lakefs");
        env.put(Env.S3_ENDPOINT, s3.endpoint().toString());
        env.put(Env.S3_PATH_STYLE, "true");
        env.put(Env.S3_REGION, EmbeddedS3.REGION);
        env.put(Env.CHUNK_SIZE, "3");
        env.put(Env.CONCURRENCY, "4");
        env.putAll(extra);
        return env;
    }

    /** Services as {@link FunctionServices#create} builds them, with metrics captured. */
    public FunctionServices services(Map<String, String> env) {
        AwsFunctionConfig config = AwsFunctionConfig.fromEnvironment(env);
        SecretSource secrets = () -> {
            secretFetches.incrementAndGet();
            return new LakeFsSecret(KEY, SECRET, null);
        };
        Storage storage = FunctionServices.create(config, secrets).storage();
        return new FunctionServices(config, storage, secrets, SdkLakeFsClient::new, Clock.systemUTC(),
                new Metrics(config.metricsNamespace(), new PrintStream(metricsOut, true, StandardCharsets.UTF_8),
                        Clock.systemUTC()));
    }

    public ApiClient sdk() {
        return SampleRepository.client(lakefs.endpoint(), KEY, SECRET);
    }

    public SampleRepository sample() {
        return new SampleRepository(sdk());
    }

    /** Runs a step as a function would be invoked: {@code {"step", "execution_name", "input"}}. */
    public JsonNode invoke(String step, String executionName, Object input) {
        return invoke(new StepFunctionHandler(services), step, executionName, input);
    }

    /** Invokes a handler as Lambda would with {@code {"step": ..., "execution_name": ..., "input": input}}. */
    public static JsonNode invoke(StepFunctionHandler handler, String step, String executionName, Object input) {
        ObjectNode envelope = Json.mapper().createObjectNode();
        envelope.put("step", step);
        envelope.put("execution_name", executionName);
        envelope.set("input", Json.mapper().valueToTree(input));
        return invokeRaw(handler, Json.writeString(envelope));
    }

    public static JsonNode invokeRaw(StepFunctionHandler handler, String payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new java.io.ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), out,
                    null);
            return Json.mapper().readTree(out.toByteArray());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public String metrics() {
        return metricsOut.toString(StandardCharsets.UTF_8);
    }

    public static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }

    @Override
    public void close() {
        lakefs.close();
        services.close();
        emulatorStorage.close();
        s3.close();
    }
}
