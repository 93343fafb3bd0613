package org.lakefsbackup.testkit.lakefs;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The run-time switches tests flip, shared by every part of the emulator. Thread-safe. */
final class Controls {
    final Clock clock;
    final String accessKeyId;
    final String secretAccessKey;
    final String committer;
    final Blockstore blockstore;
    private volatile String version;
    private volatile boolean bareChecksDummy;
    private volatile Duration taskDelay = Duration.ZERO;
    private volatile boolean tasksLost;
    private volatile TaskHook taskHook = TaskHook.NONE;
    private final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> submissions =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final Set<String> preCommitFailures = ConcurrentHashMap.newKeySet();

    Controls(Clock clock, String accessKeyId, String secretAccessKey, String committer, Blockstore blockstore,
            String version) {
        this.clock = clock;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.committer = committer;
        this.blockstore = blockstore;
        setVersion(version);
    }

    String version() {
        return version;
    }

    void setVersion(String version) {
        Versions.parse(version);
        this.version = version;
    }

    boolean versionAtLeast(String minimum) {
        return Versions.compare(version, minimum) >= 0;
    }

    boolean bareChecksDummy() {
        return bareChecksDummy;
    }

    void setBareChecksDummy(boolean on) {
        bareChecksDummy = on;
    }

    Duration taskDelay() {
        return taskDelay;
    }

    void setTaskDelay(Duration delay) {
        taskDelay = delay == null ? Duration.ZERO : delay;
    }

    TaskHook.Plan taskSubmitted(String kind, String repository) {
        int n = submissions.computeIfAbsent(kind, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
        return taskHook.submitted(kind, repository, n);
    }

    void setTaskHook(TaskHook hook) {
        taskHook = hook == null ? TaskHook.NONE : hook;
        submissions.clear();
    }

    boolean tasksLost() {
        return tasksLost;
    }

    void setTasksLost(boolean lost) {
        tasksLost = lost;
    }

    boolean preCommitFails(String branch) {
        return preCommitFailures.contains(branch);
    }

    void setPreCommitFailure(String branch, boolean fail) {
        if (fail) {
            preCommitFailures.add(branch);
        } else {
            preCommitFailures.remove(branch);
        }
    }

    long nowSeconds() {
        return clock.instant().getEpochSecond();
    }
}
