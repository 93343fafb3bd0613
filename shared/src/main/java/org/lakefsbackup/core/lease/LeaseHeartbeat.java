package org.lakefsbackup.core.lease;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.store.Location;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews a held lease in the background every fifth of its TTL while a run (in-process) or a long step (in a cloud
 * function) works. When the lease turns out to be lost (another run took it over), {@link #check} throws the
 * CONFLICT from then on, so the holder stops at its next step. Renewal errors that may pass (throttling, a store
 * outage) are logged and tried again at the next beat. Close it when the work ends.
 */
public final class LeaseHeartbeat implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseHeartbeat.class);

    private final ScheduledExecutorService timer;
    private volatile LakeFsBackupException lost;

    private LeaseHeartbeat(Leases leases, Location backup, String repository, String owner, Duration every) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lease-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(1, every.toMillis());
        var context = org.slf4j.MDC.getCopyOfContextMap();
        timer.scheduleWithFixedDelay(() -> {
            if (context != null) {
                org.slf4j.MDC.setContextMap(context);
            }
            try {
                leases.renew(backup, repository, owner);
            } catch (LakeFsBackupException e) {
                if (e.code() == ErrorCode.CONFLICT) {
                    lost = e;
                    LOG.error("{}", e.getMessage());
                    timer.shutdown();
                } else {
                    LOG.warn("could not renew the lease of {} at {} (will try again): {}", repository, backup,
                            e.getMessage());
                }
            } catch (RuntimeException e) {
                LOG.warn("could not renew the lease of {} at {} (will try again): {}", repository, backup, e.toString());
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Starts renewing the lease of {@code repository} at {@code backup} held by {@code owner}. */
    public static LeaseHeartbeat start(Leases leases, Location backup, String repository, String owner) {
        Objects.requireNonNull(leases, "leases");
        return new LeaseHeartbeat(leases, backup, repository, owner, leases.ttl().dividedBy(5));
    }

    /** Throws the CONFLICT if the lease was found lost; returns quietly otherwise. */
    public void check() {
        LakeFsBackupException e = lost;
        if (e != null) {
            throw ErrorCode.CONFLICT.exception(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
