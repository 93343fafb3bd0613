package org.lakefsbackup.core.step;

/**
 * Output of the {@code claim-events} step.
 *
 * @param run    whether the run {@code runId} holds the repository's lease now and must run (always true for a
 *               start claim; for a follow-up claim, true when events were pending and the lease was free)
 * @param events how many pending event marks it found (and, when {@code run}, deleted)
 * @param runId     the run it claimed for
 * @param startedAt when it claimed: the start time of a follow-up run (every host takes it from here)
 */
public record EventClaim(boolean run, int events, String runId, java.time.Instant startedAt) {
    public EventClaim {
        java.util.Objects.requireNonNull(startedAt, "startedAt");
        if (events < 0) {
            throw new IllegalArgumentException("events must not be negative");
        }
        RunRef.requireId("run id", runId);
    }
}
