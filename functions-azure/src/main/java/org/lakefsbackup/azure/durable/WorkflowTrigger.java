package org.lakefsbackup.azure.durable;

import com.microsoft.azure.functions.annotation.CustomBinding;
import com.microsoft.azure.functions.annotation.HasImplicitOutput;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The Durable Functions orchestration trigger, binding the raw orchestrator request (base64 protobuf: the history
 * and the new events) to a {@code String} parameter; the function hands it to durabletask's
 * {@code OrchestrationRunner.loadAndRun} ({@link DurableWorkflows}) and returns the actions it produces. It generates
 * the same {@code function.json} binding as durabletask's {@code @DurableOrchestrationTrigger}
 * ({@code "type": "orchestrationTrigger"}).
 *
 * <p>Why not {@code @DurableOrchestrationTrigger} with a {@code TaskOrchestrationContext} parameter: durabletask's
 * Functions middleware, which serves that style (found by the annotation's simple name), wraps every exception an
 * orchestrator throws into {@code RuntimeException("Unexpected failure in the task execution")}, so a failed
 * backup's orchestration status, and a parent's view of a failed child, would lose the core's error (its class name
 * and message, which the workflows, the runbook and operators rely on). Calling {@code loadAndRun} ourselves, as
 * the middleware does, records the core's exception as the orchestration's failure details.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
@CustomBinding(direction = "in", name = "", type = "orchestrationTrigger")
@HasImplicitOutput
public @interface WorkflowTrigger {
    /** The variable name used in function.json. */
    String name();

    /** The orchestration's name; the function's name when empty. */
    String orchestration() default "";

    /** The request is bound as a string. */
    String dataType() default "string";
}
