package org.lakefsbackup.aws.handler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.core.copy.ProgressListener;
import org.lakefsbackup.core.step.StepDefinition;
import org.lakefsbackup.core.step.StepExecutor;
import org.lakefsbackup.core.step.StepMetric;

/**
 * One step a function can run: a row of the core's step catalog, with what the AWS host adds (input defaults from
 * the function's configuration, an output shaped for the state machine), or one of the few AWS-only steps (the
 * Distributed Map's summary, S3 Batch Operations).
 *
 * @param name      the step's name; state machine Tasks name it in {@code "step"}
 * @param inputType the input record the payload's {@code input} is bound to
 * @param access    whether it calls lakeFS (so its function needs the lakeFS secret)
 * @param deletes   whether it deletes run scratch or releases leases (so its function may delete under the scratch
 *                  prefix)
 * @param complete  fills defaults into the raw input before it is bound
 * @param run       the step: its output for the state machine and its metrics
 */
public record AwsStep(String name, Class<?> inputType, StepDefinition.Access access, boolean deletes,
                      BiConsumer<ObjectNode, FunctionServices> complete, BiFunction<FunctionServices, Object, Result> run) {
    public AwsStep {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(inputType, "inputType");
        Objects.requireNonNull(access, "access");
        complete = complete == null ? (input, s) -> { } : complete;
        Objects.requireNonNull(run, "run");
    }

    /** What a step returned to the state machine, and the numbers it reports. */
    public record Result(Object output, List<StepMetric> metrics) {
        public Result {
            metrics = List.copyOf(metrics);
        }
    }

    /** A catalog step as it is: run by the core's {@link StepExecutor}, its output returned unchanged. */
    public static <I, O> AwsStep of(StepDefinition<I, O> step) {
        return mapped(step, null, (s, input, output) -> output);
    }

    /** A catalog step with input defaults and its output reshaped for the state machine. */
    public static <I, O> AwsStep mapped(StepDefinition<I, O> step, BiConsumer<ObjectNode, FunctionServices> complete,
                                        OutputMapper<I, O> map) {
        return new AwsStep(step.name(), step.inputType(), step.access(), step.deletesScratch(), complete,
                (s, input) -> {
                    I in = step.inputType().cast(input);
                    O out = StepExecutor.execute(step, in, s.steps(), ProgressListener.NONE);
                    return new Result(map.map(s, in, out), step.metricsOf(out));
                });
    }

    /** Reshapes a catalog step's output for the state machine. */
    @FunctionalInterface
    public interface OutputMapper<I, O> {
        Object map(FunctionServices services, I input, O output);
    }
}
