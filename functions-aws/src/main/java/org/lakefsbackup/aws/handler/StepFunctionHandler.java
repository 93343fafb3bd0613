package org.lakefsbackup.aws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;
import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.aws.Metrics;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.step.RunScoped;
import org.lakefsbackup.core.step.StepMetric;
import org.lakefsbackup.core.store.StoreStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The one Lambda handler of every function: parses the payload, runs the one step it names, maps the result. The
 * payload is {@code {"step": "<name>", "execution_name": "...", "input": <step input>}}; the function's
 * {@code LAKEFS_BACKUP_STEPS} says which steps it may run (its IAM role is scoped to them). The response is the step's
 * output in the core's snake_case JSON ({@link Json}). A failure is thrown as the core's typed exception, whose class
 * name Lambda reports as {@code errorType} and Step Functions matches in {@code Retry}/{@code Catch}; anything else
 * becomes {@code InternalException}. The execution name is the correlation id of logs and metrics.
 */
public final class StepFunctionHandler implements RequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(StepFunctionHandler.class);

    private final FunctionServices services;

    /** Lambda's constructor: builds the clients once per execution environment. */
    public StepFunctionHandler() {
        this(FunctionServices.fromEnvironment());
    }

    public StepFunctionHandler(FunctionServices services) {
        this.services = Objects.requireNonNull(services, "services");
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        long started = System.nanoTime();
        String correlationId = context == null ? "local" : context.getAwsRequestId();
        String function = "unknown";
        String repository = null;
        try {
            JsonNode envelope = readEnvelope(in);
            JsonNode name = envelope.get("execution_name");
            if (name != null && name.isTextual() && !name.asText().isBlank()) {
                correlationId = name.asText();
            }
            AwsStep step = step(envelope);
            function = step.name();
            MDC.put("correlation_id", correlationId);
            MDC.put("function", function);
            Object input = bind(step, envelope.get("input"));
            repository = input instanceof RunScoped scoped && scoped.run() != null ? scoped.run().lease() : null;
            StoreStats before = services.storage().stats();
            AwsStep.Result result = step.run().apply(services, input);
            // one invocation at a time per Lambda instance: the difference is this step's requests
            Map<String, Long> requests = services.storage().stats().minus(before).requestsByType();
            long millis = (System.nanoTime() - started) / 1_000_000;
            List<Metrics.Value> values = new ArrayList<>();
            Map<String, List<Metrics.Value>> perRepository = new TreeMap<>();
            for (StepMetric m : result.metrics()) {
                Metrics.Value v = value(m);
                if (m.repository() != null) {
                    perRepository.computeIfAbsent(m.repository(), r -> new ArrayList<>()).add(v);
                } else {
                    values.add(v);
                }
            }
            values.add(Metrics.millis("StepDuration", millis));
            services.metrics().emit(function, repository, correlationId, requests,
                    values.toArray(Metrics.Value[]::new));
            for (Map.Entry<String, List<Metrics.Value>> e : perRepository.entrySet()) {
                services.metrics().emit(function, e.getKey(), correlationId,
                        e.getValue().toArray(Metrics.Value[]::new));
            }
            LOG.info("{} finished in {} ms", function, millis);
            Json.mapper().writeValue(out, result.output());
        } catch (LakeFsBackupException e) {
            fail(e, function, repository, correlationId, started);
            throw e;
        } catch (RuntimeException e) {
            LakeFsBackupException wrapped = ErrorCode.INTERNAL.exception(function + " failed unexpectedly: "
                    + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
            fail(wrapped, function, repository, correlationId, started);
            throw wrapped;
        } finally {
            MDC.clear();
        }
    }

    private static Metrics.Value value(StepMetric m) {
        return switch (m.unit()) {
            case COUNT -> Metrics.count(m.name(), m.value());
            case BYTES -> Metrics.bytes(m.name(), m.value());
            case MILLISECONDS -> Metrics.millis(m.name(), m.value());
            case HOURS -> new Metrics.Value(m.name(), m.value(), Metrics.Unit.None);
        };
    }

    private AwsStep step(JsonNode envelope) {
        JsonNode name = envelope.get("step");
        if (name == null || !name.isTextual()) {
            throw ErrorCode.INVALID_INPUT.exception("the payload names no step (\"step\": \"<name>\")");
        }
        if (!services.config().steps().contains(name.asText())) {
            throw ErrorCode.INVALID_INPUT.exception("this function runs " + services.config().steps() + ", not '"
                    + name.asText() + "'");
        }
        return AwsSteps.get(name.asText());
    }

    private void fail(LakeFsBackupException e, String function, String repository, String correlationId,
                      long started) {
        long millis = (System.nanoTime() - started) / 1_000_000;
        services.metrics().emit(function, repository, correlationId, Metrics.count("StepFailed", 1),
                Metrics.millis("StepDuration", millis));
        if (e.retryable()) {
            LOG.warn("{} failed (retryable): {}", function, e.getMessage(), e);
        } else {
            LOG.error("{} failed: {}", function, e.getMessage(), e);
        }
    }

    private static JsonNode readEnvelope(InputStream in) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(in);
        } catch (IOException e) {
            throw ErrorCode.INVALID_INPUT.exception("the payload is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw ErrorCode.INVALID_INPUT.exception("the payload must be a JSON object");
        }
        return node;
    }

    private Object bind(AwsStep step, JsonNode input) {
        if (input == null || !input.isObject()) {
            throw ErrorCode.INVALID_INPUT.exception(step.name() + ": 'input' must be a JSON object");
        }
        ObjectNode copy = ((ObjectNode) input).deepCopy();
        step.complete().accept(copy, services);
        try {
            return Json.mapper().treeToValue(copy, step.inputType());
        } catch (IOException e) {
            Throwable cause = e.getCause();
            if (cause instanceof LakeFsBackupException lbe) {
                throw ErrorCode.INVALID_INPUT.exception(step.name() + ": invalid input: " + lbe.getMessage(), lbe);
            }
            String detail = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
                    ? jpe.getOriginalMessage() : e.getMessage();
            throw ErrorCode.INVALID_INPUT.exception(step.name() + ": input is not a "
                    + step.inputType().getSimpleName() + ": " + detail, e);
        }
    }
}
