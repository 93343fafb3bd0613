package org.lakefsbackup.testkit.lakefs;

import java.util.Objects;

/**
 * Decides what happens to each submitted dump or restore task, to reproduce what real lakeFS nodes do when they die
 * or stall. Called once per submission, in submission order per kind.
 */
@FunctionalInterface
public interface TaskHook {
    /** Every task runs normally. */
    TaskHook NONE = (kind, repository, sequence) -> Plan.RUN;

    /**
     * @param kind       {@code "dump"} or {@code "restore"}
     * @param repository the repository the task is about
     * @param sequence   1 for the first task of this kind the emulator was given, 2 for the next...
     */
    Plan submitted(String kind, String repository, int sequence);

    /** What the task does. */
    enum Fate {
        /** Runs and finishes. */
        RUN,
        /** Its node "died" before anything ran: its status answers 404 from now on. */
        LOSE,
        /** Its node "died" while it ran: {@code done} stays false and {@code update_time} never moves again. */
        STALL
    }

    /**
     * A task's fate and something to do just before it runs (outside the emulator's lock, so it may call the
     * emulator's API, e.g. to commit while a dump runs).
     */
    record Plan(Fate fate, Runnable beforeRun) {
        public static final Plan RUN = new Plan(Fate.RUN, null);
        public static final Plan LOSE = new Plan(Fate.LOSE, null);
        public static final Plan STALL = new Plan(Fate.STALL, null);

        public Plan {
            Objects.requireNonNull(fate, "fate");
        }

        /** Runs after {@code action} has run. */
        public static Plan runAfter(Runnable action) {
            return new Plan(Fate.RUN, Objects.requireNonNull(action, "action"));
        }
    }
}
