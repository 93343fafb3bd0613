package org.lakefsbackup.azure.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.lakefsbackup.azure.AzureServices;
import org.lakefsbackup.azure.logging.InvocationLog;
import org.lakefsbackup.core.copy.ProgressListener;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.step.RunScoped;
import org.lakefsbackup.core.step.StepDefinition;
import org.lakefsbackup.core.step.StepExecutor;
import org.lakefsbackup.core.step.StepMetric;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one catalog step for an activity function: parses the activity input ({@code {"instance": ..., "input":
 * <step input>}}), runs the step once through the core's {@link StepExecutor} (lease confirmed and renewed around
 * it; the orchestration retries), reports its metrics and returns its output as JSON text. A failure is thrown as
 * the core's exception of the same class and message but without a cause: the Functions host reports only an
 * activity's innermost exception to the orchestration, and the orchestration maps its class name back to the
 * core's error (the cause is logged here). Anything else becomes INTERNAL.
 */
public final class ActivityRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ActivityRunner.class);

    private final Supplier<AzureServices> services;

    public ActivityRunner(Supplier<AzureServices> services) {
        this.services = Objects.requireNonNull(services, "services");
    }

    /**
     * Runs {@code step} for one activity invocation.
     *
     * @param logger the invocation's Functions logger, or {@code null}
     */
    public <I, O> String run(StepDefinition<I, O> step, String activityInput, java.util.logging.Logger logger) {
        JsonNode envelope = parse(step, activityInput);
        String instance = envelope.path("instance").asText(null);
        return InvocationLog.with(logger, instance, () -> {
            long started = System.nanoTime();
            String repository = null;
            AzureServices s = null;
            try {
                s = services.get();
                I input = bind(step, envelope.get("input"));
                repository = input instanceof RunScoped scoped && scoped.run() != null ? scoped.run().lease() : null;
                O output = StepExecutor.execute(step, input, s.stepsFor(step), ProgressListener.NONE);
                long millis = (System.nanoTime() - started) / 1_000_000;
                s.metrics().record(step.name(), repository, instance, step.metricsOf(output), millis, false);
                LOG.info("{} finished in {} ms", step.name(), millis);
                return Json.mapper().writeValueAsString(output);
            } catch (LakeFsBackupException e) {
                throw fail(step, s, repository, instance, started, e);
            } catch (JsonProcessingException e) {
                throw fail(step, s, repository, instance, started, ErrorCode.INTERNAL.exception(step.name()
                        + " output could not be written as JSON: " + e.getOriginalMessage(), e));
            } catch (RuntimeException e) {
                throw fail(step, s, repository, instance, started, ErrorCode.INTERNAL.exception(step.name()
                        + " failed unexpectedly: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e));
            }
        });
    }

    private static LakeFsBackupException fail(StepDefinition<?, ?> step, AzureServices s, String repository,
                                              String instance, long started, LakeFsBackupException e) {
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (s != null) {
            s.metrics().record(step.name(), repository, instance, List.<StepMetric>of(), millis, true);
        }
        if (e.retryable()) {
            LOG.warn("{} failed (retryable): {}", step.name(), e.getMessage(), e);
        } else {
            LOG.error("{} failed: {}", step.name(), e.getMessage(), e);
        }
        LakeFsBackupException detached = ErrorCode.forExceptionName(e.getClass().getName()).orElse(ErrorCode.INTERNAL)
                .exception(e.getMessage());
        detached.setStackTrace(e.getStackTrace());
        return detached;
    }

    private static JsonNode parse(StepDefinition<?, ?> step, String activityInput) {
        try {
            JsonNode node = activityInput == null ? null : Json.mapper().readTree(activityInput);
            if (node == null || !node.isObject()) {
                throw ErrorCode.INVALID_INPUT.exception(step.name() + ": the activity input must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw ErrorCode.INVALID_INPUT.exception(step.name() + ": the activity input is not JSON");
        }
    }

    private static <I> I bind(StepDefinition<I, ?> step, JsonNode input) {
        if (input == null || !input.isObject()) {
            throw ErrorCode.INVALID_INPUT.exception(step.name() + ": 'input' must be a JSON object");
        }
        try {
            return Json.mapper().treeToValue(input, step.inputType());
        } catch (IOException e) {
            if (e.getCause() instanceof LakeFsBackupException lbe) {
                throw ErrorCode.INVALID_INPUT.exception(step.name() + ": invalid input: " + lbe.getMessage(), lbe);
            }
            String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            throw ErrorCode.INVALID_INPUT.exception(step.name() + ": input is not a "
                    + step.inputType().getSimpleName() + ": " + detail, e);
        }
    }
}
