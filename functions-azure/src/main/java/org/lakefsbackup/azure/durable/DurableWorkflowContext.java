package org.lakefsbackup.azure.durable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.durabletask.Task;
import com.microsoft.durabletask.TaskFailedException;
import com.microsoft.durabletask.TaskOptions;
import com.microsoft.durabletask.TaskOrchestrationContext;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.step.RunRef;
import org.lakefsbackup.core.step.StepDefinition;
import org.lakefsbackup.core.workflow.Outcome;
import org.lakefsbackup.core.workflow.Workflow;
import org.lakefsbackup.core.workflow.WorkflowContext;

/**
 * The core's orchestration port on a Durable Functions orchestration: the workflow definitions run unchanged, their
 * steps as activities named after the catalog's rows.
 *
 * <ul>
 *   <li>{@link #call}: {@code callActivity(step, input)} with the step's retry policy rendered by
 *       {@link StepRetryHandler}; a failure comes back as the core's exception ({@link DurableErrors}), so the
 *       workflow's own clean-up runs.</li>
 *   <li>{@link #callAll}: at most {@code LAKEFS_BACKUP_CHUNK_CONCURRENCY} activities in flight (a sliding window);
 *       above {@code LAKEFS_BACKUP_FAN_OUT_BATCH} inputs (default {@value #BATCH}) the work is split into
 *       {@value #FAN_OUT} sub-orchestrations of that many inputs each, run one after another, so no history holds
 *       more than a batch of activities (about 3 events per activity; a million objects in chunks of 1,000 make 10
 *       batches of 100). Both settings are read once per orchestration by the {@value #SETTINGS_ACTIVITY} activity,
 *       so a changed app setting cannot make a replay diverge.</li>
 *   <li>{@link #runAll}: a sub-orchestration per input, at most {@value #CHILD_WORKFLOWS} at once (as the
 *       Step Functions backup-all's Map), instance ids {@code <instance>-<n>}.</li>
 *   <li>{@link #sleep}: a durable timer; {@link #now}: {@code getCurrentInstant()}; {@link #newId}:
 *       {@code newUUID()}; {@link #replaying}: {@code getIsReplaying()}.</li>
 * </ul>
 *
 * <p>Activity inputs are {@code {"instance": <orchestration instance>, "input": <step input>}} (the instance is the
 * correlation id of the activity's logs); outputs are the step's output as JSON text. Everything here is
 * deterministic: no I/O, no clock, no randomness but the context's.
 */
public final class DurableWorkflowContext implements WorkflowContext {
    /** The activity that reads the fan-out width and batch from the app settings. */
    public static final String SETTINGS_ACTIVITY = "fan-out-settings";
    /** The sub-orchestration that runs one batch of a fan-out. */
    public static final String FAN_OUT = "fan-out";
    /** Inputs one orchestration fans out itself by default; above it, batches go to sub-orchestrations. */
    public static final int BATCH = 100;
    /** Child workflows running at once. */
    public static final int CHILD_WORKFLOWS = 4;

    private final TaskOrchestrationContext ctx;
    private FanOutSettings settings;
    private int calls;

    public DurableWorkflowContext(TaskOrchestrationContext ctx) {
        this(ctx, null);
    }

    DurableWorkflowContext(TaskOrchestrationContext ctx, FanOutSettings settings) {
        this.ctx = ctx;
        this.settings = settings;
    }

    @Override
    public <I, O> O call(StepDefinition<I, O> step, I input) {
        String json;
        try {
            json = start(step, input).await();
        } catch (TaskFailedException e) {
            throw DurableErrors.toCore(step.name(), e.getErrorDetails());
        }
        return read(json, step.outputType(), step.name());
    }

    @Override
    public <I, O> List<Outcome<O>> callAll(StepDefinition<I, O> step, List<I> inputs) {
        if (inputs.isEmpty()) {
            return List.of();
        }
        FanOutSettings s = settings();
        int w = s.chunkConcurrency();
        if (inputs.size() <= s.batch()) {
            return window(inputs, w, in -> start(step, in), out -> read((String) out, step.outputType(), step.name()));
        }
        List<Outcome<O>> outcomes = new ArrayList<>(inputs.size());
        for (int from = 0; from < inputs.size(); from += s.batch()) {
            List<I> batch = inputs.subList(from, Math.min(inputs.size(), from + s.batch()));
            FanOutRequest request = new FanOutRequest(step.name(), w, batch.stream()
                    .map(i -> (JsonNode) Json.mapper().valueToTree(i)).toList());
            String child = childId("fan-out-" + (from / s.batch() + 1));
            FanOutResult result;
            try {
                JsonNode node = ctx.callSubOrchestrator(FAN_OUT, Json.mapper().valueToTree(request), child, null,
                        JsonNode.class).await();
                result = Json.mapper().treeToValue(node, FanOutResult.class);
            } catch (TaskFailedException e) {
                throw DurableErrors.toCore(FAN_OUT, e.getErrorDetails());
            } catch (IOException e) {
                throw ErrorCode.INTERNAL.exception("the fan-out " + child + " returned no outcomes: " + e, e);
            }
            for (FanOutResult.Entry entry : result.outcomes()) {
                outcomes.add(entry.ok() ? Outcome.success(treeTo(entry.value(), step.outputType(), step.name()))
                        : Outcome.failure(entry.errorType(), entry.message()));
            }
        }
        return outcomes;
    }

    /** Runs one batch of a fan-out (the {@value #FAN_OUT} sub-orchestration). */
    FanOutResult fanOut(StepDefinition<?, ?> step, List<JsonNode> inputs) {
        List<Outcome<JsonNode>> outcomes = window(inputs, settings().chunkConcurrency(),
                in -> ctx.callActivity(step.name(), envelope(in), options(step), String.class),
                out -> readTree((String) out, step.name()));
        return new FanOutResult(outcomes.stream().map(o -> new FanOutResult.Entry(o.value(), o.errorType(),
                o.message())).toList());
    }

    @Override
    public <I, O> List<Outcome<O>> runAll(Workflow<I, O> workflow, List<I> inputs) {
        int[] n = {0};
        return window(inputs, CHILD_WORKFLOWS, in -> ctx.callSubOrchestrator(workflow.name(),
                Json.mapper().valueToTree(in), childId(workflow.name() + "-" + (++n[0])), null, JsonNode.class),
                out -> treeTo((JsonNode) out, workflow.outputType(), workflow.name()));
    }

    @Override
    public void sleep(Duration duration) {
        ctx.createTimer(duration).await();
    }

    @Override
    public Instant now() {
        return ctx.getCurrentInstant();
    }

    @Override
    public String newId() {
        return ctx.newUUID().toString();
    }

    @Override
    public boolean replaying() {
        return ctx.getIsReplaying();
    }

    private <I> Task<String> start(StepDefinition<I, ?> step, I input) {
        return ctx.callActivity(step.name(), envelope(Json.mapper().valueToTree(input)), options(step), String.class);
    }

    private TaskOptions options(StepDefinition<?, ?> step) {
        long seed = (ctx.getInstanceId() + "|" + step.name() + "|" + (++calls)).hashCode();
        return new TaskOptions(new StepRetryHandler(step.retry(), seed));
    }

    private ObjectNode envelope(JsonNode input) {
        ObjectNode envelope = Json.mapper().createObjectNode();
        envelope.put("instance", ctx.getInstanceId());
        envelope.set("input", input);
        return envelope;
    }

    /** The fan-out settings, read once per orchestration by an activity (recorded in the history). */
    private FanOutSettings settings() {
        if (settings == null) {
            String json;
            try {
                json = ctx.callActivity(SETTINGS_ACTIVITY, envelope(Json.mapper().createObjectNode()),
                        new TaskOptions(new StepRetryHandler(org.lakefsbackup.core.retry.RetryPolicy.STEP, 0)),
                        String.class).await();
            } catch (TaskFailedException e) {
                throw DurableErrors.toCore(SETTINGS_ACTIVITY, e.getErrorDetails());
            }
            settings = read(json, FanOutSettings.class, SETTINGS_ACTIVITY);
        }
        return settings;
    }

    /**
     * Runs {@code start} for every input with at most {@code width} tasks in flight, starting the next as soon as
     * one ends; outcomes in input order. Which task ends first is read from the history, so a replay starts the
     * same tasks in the same order.
     */
    private <I, O> List<Outcome<O>> window(List<I> inputs, int width, Function<I, Task<?>> start,
                                           Function<Object, O> convert) {
        Object[] outcomes = new Object[inputs.size()];
        List<Task<?>> running = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        int next = 0;
        while (next < inputs.size() || !running.isEmpty()) {
            while (running.size() < width && next < inputs.size()) {
                running.add(start.apply(inputs.get(next)));
                positions.add(next++);
            }
            Task<?> done = ctx.anyOf(new ArrayList<>(running)).await();
            int at = indexOf(running, done);
            int position = positions.remove(at);
            running.remove(at);
            outcomes[position] = outcome(done, convert);
        }
        @SuppressWarnings("unchecked")
        List<Outcome<O>> list = (List<Outcome<O>>) (List<?>) Arrays.asList(outcomes);
        return list;
    }

    private static int indexOf(List<Task<?>> tasks, Task<?> task) {
        for (int i = 0; i < tasks.size(); i++) {
            if (tasks.get(i) == task) {
                return i;
            }
        }
        throw new IllegalStateException("anyOf returned a task it was not given");
    }

    private static <O> Outcome<O> outcome(Task<?> task, Function<Object, O> convert) {
        try {
            return Outcome.success(convert.apply(task.await()));
        } catch (TaskFailedException e) {
            return Outcome.failure(DurableErrors.typeName(e.getErrorDetails()),
                    DurableErrors.message(e.getErrorDetails().getErrorType(), e.getErrorDetails().getErrorMessage()));
        } catch (LakeFsBackupException e) {
            return Outcome.failure(e);
        }
    }

    /** A child instance id: this instance's id and a suffix when that is a valid run id, else a new id. */
    private String childId(String suffix) {
        String id = ctx.getInstanceId() + "-" + suffix;
        try {
            return RunRef.requireId("instance id", id);
        } catch (LakeFsBackupException e) {
            return newId();
        }
    }

    private static <T> T read(String json, Class<T> type, String what) {
        return treeTo(readTree(json, what), type, what);
    }

    private static JsonNode readTree(String json, String what) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw ErrorCode.INTERNAL.exception(what + " returned no JSON: " + e.getMessage(), e);
        }
    }

    private static <T> T treeTo(JsonNode node, Class<T> type, String what) {
        try {
            return Json.mapper().treeToValue(node, type);
        } catch (IOException e) {
            throw ErrorCode.INTERNAL.exception(what + " returned no " + type.getSimpleName() + ": " + e.getMessage(),
                    e);
        }
    }
}
