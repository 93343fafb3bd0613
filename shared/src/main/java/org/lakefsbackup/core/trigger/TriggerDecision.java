package org.lakefsbackup.core.trigger;

import java.util.List;
import java.util.Objects;

/**
 * What a webhook host answers to a lakeFS event, and whether it starts a backup.
 *
 * @param outcome    what happened
 * @param status     the HTTP status to answer with
 * @param message    one line for the response body and the log (never the secret)
 * @param repository the event's repository, when it was read
 * @param startNames when {@link Outcome#START}: the names to start the backup under, in order (the oldest pending
 *                   event's, then this event's); a host with named executions starts the first whose name is free,
 *                   so events of one burst start one run
 */
public record TriggerDecision(Outcome outcome, int status, String message, String repository,
                              List<String> startNames) {
    /** What the webhook did with an event. */
    public enum Outcome {
        /** No or wrong secret: 401. */
        UNAUTHORIZED,
        /** Not a lakeFS event: 400. */
        INVALID,
        /** A repository this environment does not back up: 404. */
        UNKNOWN_REPOSITORY,
        /** Accepted but not a trigger (another event type or branch): 200, nothing started. */
        IGNORED,
        /** A backup of the repository holds its lease: the mark is left for it, 202. */
        COALESCED,
        /** Start a backup: 202. */
        START
    }

    public TriggerDecision {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
        startNames = startNames == null ? List.of() : List.copyOf(startNames);
        if ((outcome == Outcome.START) == startNames.isEmpty()) {
            throw new IllegalArgumentException("a START decision, and only it, names the runs to start");
        }
    }

    /**
     * The JSON answer's fields, {@code outcome} (the outcome's name in lower case) and {@code message}, plus
     * {@code started} under {@code startedKey} when the host started (or found) a run: {@code run}, {@code execution},
     * {@code instance_id}.
     */
    public java.util.Map<String, Object> answer(String startedKey, String started) {
        java.util.Map<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT));
        answer.put("message", message);
        if (started != null) {
            answer.put(startedKey, started);
        }
        return answer;
    }

    /** Whether the host must start a backup. */
    public boolean start() {
        return outcome == Outcome.START;
    }
}
