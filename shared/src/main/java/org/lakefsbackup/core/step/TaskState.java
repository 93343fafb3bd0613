package org.lakefsbackup.core.step;

/**
 * Where a polled lakeFS task stands. {@link #LOST} and {@link #STALE} are not errors of the poll: the workflow
 * decides what to do (submit the task again), which retrying the poll could never achieve.
 */
public enum TaskState {
    /** Still running and making progress: wait and poll again. */
    RUNNING,
    /** Finished and its result is usable. */
    DONE,
    /** Finished with an error (a restore's error is reported here; a failed dump fails the poll step). */
    FAILED,
    /** lakeFS does not know the task (its node restarted or the status expired). */
    LOST,
    /** The task made no progress ({@code update_time}) for the task timeout: its lakeFS node may have died. */
    STALE
}
