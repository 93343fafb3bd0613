package org.lakefsbackup.core.lease;

import java.net.InetAddress;
import java.util.Objects;

/**
 * Who takes leases in this process: a host name and, for a local process, its pid, which lets a later run on the
 * same host see that the holder is gone. Cloud functions have no pid worth checking.
 *
 * @param host where the process runs
 * @param pid  the process id, or {@code null} when liveness cannot be checked (cloud functions)
 */
public record LeaseOwner(String host, Long pid) {
    public LeaseOwner {
        Objects.requireNonNull(host, "host");
    }

    /** This JVM: the local host name and pid. */
    public static LeaseOwner currentProcess() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | SecurityException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
        return new LeaseOwner(host, ProcessHandle.current().pid());
    }

    /** A cloud function (no pid): e.g. {@code aws-lambda:lakefs-backup-prod-PrepareRestore}. */
    public static LeaseOwner function(String name) {
        return new LeaseOwner(name, null);
    }

    /** Whether {@code lease}'s holder certainly no longer runs: on this host, with a pid that is not alive. */
    public boolean knowsDead(Lease lease, ProcessCheck processes) {
        return pid != null && lease.pid() != null && lease.host().equals(host) && !lease.pid().equals(pid)
                && !processes.alive(lease.pid());
    }

    /** Whether a process runs on this host; replaced in tests. */
    @FunctionalInterface
    public interface ProcessCheck {
        ProcessCheck SYSTEM = pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);

        boolean alive(long pid);
    }
}
