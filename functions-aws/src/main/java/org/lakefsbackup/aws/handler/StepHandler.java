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
import java.util.Objects;
import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.aws.Metrics;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.model.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The shape every function shares. The payload is {@code {"execution_name": "...", "input": <step input>}}: the
 * execution name (the correlation id of logs and metrics) and the core record the step takes, serialised with the
 * core's snake_case {@link Json} mapper; the response is the step's record, serialised the same way. A failure is
 * thrown as the core's typed exception, whose class name Lambda reports as {@code errorType} and Step Functions
 * matches in {@code Retry}/{@code Catch}; anything else becomes {@code InternalException}.
 *
 * @param <I> the step's input record
 * @param <O> the step's output record
 */
public abstract class StepHandler<I, O> implements RequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(StepHandler.class);

    private final String function;
    private final Class<I> inputType;
    private final FunctionServices services;

    protected StepHandler(String function, Class<I> inputType, FunctionServices services) {
        this.function = Objects.requireNonNull(function, "function");
        this.inputType = Objects.requireNonNull(inputType, "inputType");
        this.services = Objects.requireNonNull(services, "services");
    }

    /** Runs the step. */
    protected abstract O handle(I input, FunctionServices services);

    /**
     * Runs the step with the whole payload at hand, for steps that read options beside {@code input} (the plan
     * steps' {@code resume}); defaults to {@link #handle(Object, FunctionServices)}.
     */
    protected O handle(I input, JsonNode envelope, FunctionServices services) {
        return handle(input, services);
    }

    /** Adjusts the raw input before it is bound (defaults from the configuration). */
    protected void complete(ObjectNode input, FunctionServices services) {
    }

    /** Metrics of a successful run beyond the duration. */
    protected List<Metrics.Value> metrics(O output) {
        return List.of();
    }

    /** The repository the input is about, as a metric dimension; {@code null} when none. */
    protected String repository(I input) {
        return null;
    }

    @Override
    public final void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        long started = System.nanoTime();
        String correlationId = context == null ? "local" : context.getAwsRequestId();
        String repository = null;
        try {
            JsonNode envelope = readEnvelope(in);
            JsonNode name = envelope.get("execution_name");
            if (name != null && name.isTextual() && !name.asText().isBlank()) {
                correlationId = name.asText();
            }
            MDC.put("correlation_id", correlationId);
            MDC.put("function", function);
            I input = bind(envelope.has("input") ? envelope.get("input") : envelope);
            repository = repository(input);
            O output = handle(input, envelope, services);
            long millis = (System.nanoTime() - started) / 1_000_000;
            List<Metrics.Value> values = new ArrayList<>(metrics(output));
            values.add(Metrics.millis("StepDuration", millis));
            services.metrics().emit(function, repository, correlationId, values.toArray(Metrics.Value[]::new));
            LOG.info("{} finished in {} ms", function, millis);
            Json.mapper().writeValue(out, output);
        } catch (LakeFsBackupException e) {
            fail(e, repository, correlationId, started);
            throw e;
        } catch (RuntimeException e) {
            LakeFsBackupException wrapped = ErrorCode.INTERNAL.exception(function + " failed unexpectedly: "
                    + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
            fail(wrapped, repository, correlationId, started);
            throw wrapped;
        } finally {
            MDC.clear();
        }
    }

    private void fail(LakeFsBackupException e, String repository, String correlationId, long started) {
        long millis = (System.nanoTime() - started) / 1_000_000;
        services.metrics().emit(function, repository, correlationId, Metrics.count("StepFailed", 1),
                Metrics.millis("StepDuration", millis));
        if (e.retryable()) {
            LOG.warn("{} failed (retryable): {}", function, e.getMessage(), e);
        } else {
            LOG.error("{} failed: {}", function, e.getMessage(), e);
        }
    }

    private JsonNode readEnvelope(InputStream in) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(in);
        } catch (IOException e) {
            throw ErrorCode.INVALID_INPUT.exception(function + ": the payload is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw ErrorCode.INVALID_INPUT.exception(function + ": the payload must be a JSON object");
        }
        return node;
    }

    private I bind(JsonNode input) {
        if (input == null || !input.isObject()) {
            throw ErrorCode.INVALID_INPUT.exception(function + ": 'input' must be a JSON object");
        }
        ObjectNode copy = ((ObjectNode) input).deepCopy();
        complete(copy, services);
        try {
            return Json.mapper().treeToValue(copy, inputType);
        } catch (IOException e) {
            Throwable cause = e.getCause();
            if (cause instanceof LakeFsBackupException lbe) {
                throw ErrorCode.INVALID_INPUT.exception(function + ": invalid input: " + lbe.getMessage(), lbe);
            }
            String detail = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
                    ? jpe.getOriginalMessage() : e.getMessage();
            throw ErrorCode.INVALID_INPUT.exception(function + ": input is not a " + inputType.getSimpleName() + ": "
                    + detail, e);
        }
    }
}
