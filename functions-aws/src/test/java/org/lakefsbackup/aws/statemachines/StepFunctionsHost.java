package org.lakefsbackup.aws.statemachines;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.lakefsbackup.aws.AwsFunctionConfig;
import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.aws.LakeFsSecret;
import org.lakefsbackup.aws.Metrics;
import org.lakefsbackup.aws.handler.AwsStep;
import org.lakefsbackup.aws.handler.AwsSteps;
import org.lakefsbackup.core.config.Env;
import org.lakefsbackup.core.lakefs.SdkLakeFsClient;
import org.lakefsbackup.testkit.s3.EmbeddedS3;
import org.lakefsbackup.testkit.workflow.ScenarioFixture;
import org.lakefsbackup.testkit.workflow.WorkflowHost;

/**
 * The AWS host: the definitions in {@code statemachines/} executed by aws-local-stepfunctions, every Lambda Task
 * calling the real handler through {@link LambdaShim}. A crash is a function that did its work and then failed as a
 * Lambda service error, which the definitions retry.
 */
final class StepFunctionsHost implements WorkflowHost {
    private final ScenarioFixture f;
    private FunctionServices services;
    private LambdaShim shim;

    StepFunctionsHost(ScenarioFixture f) throws IOException, InterruptedException {
        NodeRunner.node();
        this.f = f;
        environment(Map.of());
    }

    @Override
    public void environment(Map<String, String> extra) {
        close();
        Map<String, String> env = new HashMap<>();
        env.put(AwsFunctionConfig.STEPS, String.join(",", AwsSteps.all().stream().map(AwsStep::name).toList()));
        env.put(AwsFunctionConfig.LAKEFS_SECRET_ARN, "arn:aws:secretsmanager:us-east-1:123456789012:secret:lakefs-AbCdEf");
        env.put(Env.LAKEFS_ENDPOINT, f.lakefs.endpoint());
        env.put(Env.BACKUP_LOCATION, ScenarioFixture.BACKUP);
        env.put(Env.S3_REGION, EmbeddedS3.REGION);
        env.putAll(extra);
        AwsFunctionConfig config = AwsFunctionConfig.fromEnvironment(env);
        services = new FunctionServices(config, f.storage, () -> new LakeFsSecret(ScenarioFixture.KEY,
                ScenarioFixture.SECRET, null), SdkLakeFsClient::new, Clock.systemUTC(), new Metrics("Scenarios",
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Clock.systemUTC()));
        try {
            shim = new LambdaShim(services);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public Execution run(String workflow, String executionName, Map<String, Object> input) {
        shim.steps.clear();
        JsonNode result;
        try {
            result = NodeRunner.execute(shim, workflow + ".asl.json", executionName, input);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        boolean ok = result.get("status").asText().equals("SUCCEEDED");
        return new Execution(ok, ok ? null : result.path("error").asText(null), ok ? result.get("output") : null,
                Map.copyOf(shim.steps));
    }

    @Override
    public void crashAfter(String step) {
        shim.crashAfter(step, 1);
    }

    @Override
    public void close() {
        if (shim != null) {
            shim.close();
            shim = null;
        }
    }
}
