package org.lakefsbackup.azure.durable;

import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;
import com.microsoft.durabletask.DataConverter;
import com.microsoft.durabletask.JacksonDataConverter;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.CompleteOrchestrationAction;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.ExecutionStartedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.HistoryEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestrationInstance;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestrationStatus;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorAction;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorCompletedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorRequest;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorResponse;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorStartedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.SubOrchestrationInstanceCompletedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.SubOrchestrationInstanceCreatedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.SubOrchestrationInstanceFailedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TaskCompletedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TaskFailedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TaskFailureDetails;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TaskScheduledEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TimerCreatedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TimerFiredEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Durable Functions' orchestration engine in miniature, for tests without a Functions host: it drives orchestrator
 * functions through the entry point the host calls (a base64 {@code OrchestratorRequest} of past and new history
 * events in, a base64 {@code OrchestratorResponse} of actions out, i.e. durabletask's
 * {@code OrchestrationRunner.loadAndRun}), records the actions as history (TaskScheduled, TimerCreated,
 * SubOrchestrationInstanceCreated) and feeds back their results as new events in later episodes, until the
 * orchestration completes. Activities run at once, in this thread; their results arrive in a seeded random order,
 * a random number of them per episode, as they would from a task hub; timers fire at once (after at most 50 ms of
 * real time); sub-orchestrations run to their end when created. A failed activity is reported as the Functions host
 * reports a Java activity's failure: the innermost exception's simple class name and its message.
 *
 * <p>Every episode is run twice with the same request and must give the same actions (determinism). Not
 * thread-safe.
 */
final class DurableHarness {
    /** An orchestrator function: a base64 request to a base64 response. */
    @FunctionalInterface
    interface Orchestrator {
        String run(String base64Request);
    }

    /** An activity function: its serialized input (raw JSON text) to its return value. */
    @FunctionalInterface
    interface Activity {
        String run(String input);
    }

    /** How an orchestration ended. */
    record Result(boolean completed, String output, String errorType, String errorMessage, int episodes,
                  int historyEvents) {
    }

    private final DataConverter converter = new JacksonDataConverter();
    private final Map<String, Orchestrator> orchestrators;
    private final Map<String, Activity> activities;
    private final Random random;
    /** Activity and sub-orchestration invocations by name. */
    final Map<String, Integer> invocations = new ConcurrentHashMap<>();
    private String redeliverAfter;
    private Instant clock = Instant.now();

    DurableHarness(Map<String, Orchestrator> orchestrators, Map<String, Activity> activities, long seed) {
        this.orchestrators = Map.copyOf(orchestrators);
        this.activities = Map.copyOf(activities);
        this.random = new Random(seed);
    }

    /**
     * The next invocation of {@code activity} loses its result after doing its work, as when the worker running it
     * dies: the task hub delivers the activity again and the orchestration sees only the second result.
     */
    void redeliverAfter(String activity) {
        redeliverAfter = activity;
    }

    /** Runs an orchestration to its end. */
    Result run(String name, String instanceId, Object input) {
        return runSerialized(name, instanceId, converter.serialize(input));
    }

    private Result runSerialized(String name, String instanceId, String serialized) {
        Orchestrator orchestrator = Objects.requireNonNull(orchestrators.get(name), () -> "no orchestrator " + name);
        List<HistoryEvent> past = new ArrayList<>();
        List<HistoryEvent> fresh = new ArrayList<>();
        List<HistoryEvent> pending = new ArrayList<>();
        fresh.add(started());
        ExecutionStartedEvent.Builder start = ExecutionStartedEvent.newBuilder().setName(name)
                .setOrchestrationInstance(OrchestrationInstance.newBuilder().setInstanceId(instanceId));
        if (serialized != null) {
            start.setInput(StringValue.of(serialized));
        }
        fresh.add(HistoryEvent.newBuilder().setEventId(-1).setTimestamp(now()).setExecutionStarted(start).build());
        for (int episode = 1; ; episode++) {
            OrchestratorResponse response = episode(orchestrator, instanceId, past, fresh);
            past.addAll(fresh);
            fresh = new ArrayList<>();
            for (OrchestratorAction action : response.getActionsList()) {
                switch (action.getOrchestratorActionTypeCase()) {
                    case SCHEDULETASK -> {
                        var task = action.getScheduleTask();
                        past.add(event(action.getId()).setTaskScheduled(TaskScheduledEvent.newBuilder()
                                .setName(task.getName()).setInput(task.getInput())).build());
                        pending.add(runActivity(action.getId(), task.getName(), task.getInput().getValue()));
                    }
                    case CREATETIMER -> {
                        var timer = action.getCreateTimer();
                        past.add(event(action.getId()).setTimerCreated(TimerCreatedEvent.newBuilder()
                                .setFireAt(timer.getFireAt())).build());
                        pending.add(event(-1).setTimerFired(TimerFiredEvent.newBuilder().setTimerId(action.getId())
                                .setFireAt(timer.getFireAt())).build());
                    }
                    case CREATESUBORCHESTRATION -> {
                        var sub = action.getCreateSubOrchestration();
                        past.add(event(action.getId()).setSubOrchestrationInstanceCreated(
                                SubOrchestrationInstanceCreatedEvent.newBuilder().setName(sub.getName())
                                        .setInstanceId(sub.getInstanceId()).setInput(sub.getInput())).build());
                        pending.add(runChild(action.getId(), sub.getName(), sub.getInstanceId(),
                                sub.getInput().getValue()));
                    }
                    case COMPLETEORCHESTRATION -> {
                        CompleteOrchestrationAction done = action.getCompleteOrchestration();
                        if (done.getOrchestrationStatus() == OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED) {
                            return new Result(true, done.getResult().getValue(), null, null, episode, past.size());
                        }
                        if (done.getOrchestrationStatus() == OrchestrationStatus.ORCHESTRATION_STATUS_FAILED) {
                            return new Result(false, null, done.getFailureDetails().getErrorType(),
                                    done.getFailureDetails().getErrorMessage(), episode, past.size());
                        }
                        throw new AssertionError(instanceId + " ended as " + done.getOrchestrationStatus()
                                + ", which these orchestrations never do");
                    }
                    default -> throw new AssertionError(instanceId + ": unexpected action " + action);
                }
            }
            past.add(event(-1).setOrchestratorCompleted(OrchestratorCompletedEvent.getDefaultInstance()).build());
            if (pending.isEmpty()) {
                throw new AssertionError(instanceId + " waits for nothing and did not complete (episode " + episode
                        + ")");
            }
            Collections.shuffle(pending, random);
            int deliver = 1 + random.nextInt(pending.size());
            List<HistoryEvent> delivered = new ArrayList<>(pending.subList(0, deliver));
            pending.subList(0, deliver).clear();
            for (HistoryEvent e : delivered) {
                if (e.hasTimerFired()) {
                    fire(e.getTimerFired().getFireAt());
                }
            }
            fresh.add(started());
            fresh.addAll(delivered);
        }
    }

    private OrchestratorResponse episode(Orchestrator orchestrator, String instanceId, List<HistoryEvent> past,
                                         List<HistoryEvent> fresh) {
        String request = Base64.getEncoder().encodeToString(OrchestratorRequest.newBuilder().setInstanceId(instanceId)
                .addAllPastEvents(past).addAllNewEvents(fresh).build().toByteArray());
        OrchestratorResponse first = parse(orchestrator.run(request));
        OrchestratorResponse again = parse(orchestrator.run(request));
        if (!comparable(first).equals(comparable(again))) {
            throw new AssertionError(instanceId + " is not deterministic: the same history gave\n"
                    + first.getActionsList() + "\nand then\n" + again.getActionsList());
        }
        return first;
    }

    /** The actions without stack traces (which name the caller's lines, not the orchestration's decisions). */
    private static List<OrchestratorAction> comparable(OrchestratorResponse response) {
        List<OrchestratorAction> actions = new ArrayList<>();
        for (OrchestratorAction a : response.getActionsList()) {
            if (a.hasCompleteOrchestration() && a.getCompleteOrchestration().hasFailureDetails()) {
                OrchestratorAction.Builder b = a.toBuilder();
                b.getCompleteOrchestrationBuilder().getFailureDetailsBuilder().clearStackTrace();
                a = b.build();
            }
            actions.add(a);
        }
        return actions;
    }

    private static OrchestratorResponse parse(String base64) {
        try {
            return OrchestratorResponse.parseFrom(Base64.getDecoder().decode(base64));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError("the orchestrator returned no OrchestratorResponse", e);
        }
    }

    private HistoryEvent runActivity(int id, String name, String input) {
        Activity activity = Objects.requireNonNull(activities.get(name), () -> "no activity function " + name);
        HistoryEvent.Builder event = event(-1);
        try {
            invocations.merge(name, 1, Integer::sum);
            String output = activity.run(input);
            if (name.equals(redeliverAfter)) {
                redeliverAfter = null;
                invocations.merge(name, 1, Integer::sum);
                output = activity.run(input);
            }
            TaskCompletedEvent.Builder completed = TaskCompletedEvent.newBuilder().setTaskScheduledId(id);
            String result = converter.serialize(output);
            if (result != null) {
                completed.setResult(StringValue.of(result));
            }
            return event.setTaskCompleted(completed).build();
        } catch (RuntimeException e) {
            Throwable innermost = e;
            while (innermost.getCause() != null) {
                innermost = innermost.getCause();
            }
            return event.setTaskFailed(TaskFailedEvent.newBuilder().setTaskScheduledId(id).setFailureDetails(
                    TaskFailureDetails.newBuilder().setErrorType(innermost.getClass().getSimpleName())
                            .setErrorMessage(String.valueOf(innermost.getMessage())))).build();
        }
    }

    private HistoryEvent runChild(int id, String name, String instanceId, String input) {
        invocations.merge(name, 1, Integer::sum);
        Result child = runSerialized(name, instanceId, input);
        if (child.completed()) {
            SubOrchestrationInstanceCompletedEvent.Builder completed = SubOrchestrationInstanceCompletedEvent
                    .newBuilder().setTaskScheduledId(id);
            if (child.output() != null) {
                completed.setResult(StringValue.of(child.output()));
            }
            return event(-1).setSubOrchestrationInstanceCompleted(completed).build();
        }
        return event(-1).setSubOrchestrationInstanceFailed(SubOrchestrationInstanceFailedEvent.newBuilder()
                .setTaskScheduledId(id).setFailureDetails(TaskFailureDetails.newBuilder()
                        .setErrorType(child.errorType()).setErrorMessage(child.errorMessage()))).build();
    }

    private void fire(Timestamp fireAt) {
        Instant at = Instant.ofEpochSecond(fireAt.getSeconds(), fireAt.getNanos());
        long wait = Math.min(50, Duration.between(Instant.now(), at).toMillis());
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        if (at.isAfter(clock)) {
            clock = at;
        }
    }

    private HistoryEvent started() {
        return event(-1).setOrchestratorStarted(OrchestratorStartedEvent.getDefaultInstance()).build();
    }

    private HistoryEvent.Builder event(int id) {
        return HistoryEvent.newBuilder().setEventId(id).setTimestamp(now());
    }

    /** Orchestration time: the wall clock, or the latest timer that fired when that is later. */
    private Timestamp now() {
        Instant wall = Instant.now();
        if (wall.isAfter(clock)) {
            clock = wall;
        }
        return Timestamp.newBuilder().setSeconds(clock.getEpochSecond()).setNanos(clock.getNano()).build();
    }
}
