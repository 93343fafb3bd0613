package org.lakefsbackup.core.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.lakefsbackup.core.model.RepositoryName;

/**
 * The document of a lease: which run holds the repository name at a backup location, for what, where it runs and
 * until when. Stored at {@code <backup>/<repository>/lease.json}; created only if absent, renewed and taken over only
 * by compare-and-swap, so at most one run holds it.
 *
 * @param repository the repository name the lease covers (a backup's repository, a restore's target)
 * @param kind       what the holder does: {@code backup}, {@code restore} (later {@code prune}...)
 * @param runId      the run whose scratch the holder works in (a resumed run keeps its run id)
 * @param owner      the attempt holding it: an execution name, or a process's own id; a run resumed by another
 *                   process is another owner
 * @param host       where the owner runs (host name, or the cloud function)
 * @param pid        the owner's process id when it runs on {@code host} as a process; {@code null} in the cloud
 * @param detail     what the run works on, for people reading a conflict (e.g. "generation X into s3://...")
 * @param acquiredAt when the owner took it
 * @param renewedAt  the owner's last heartbeat
 * @param expiresAt  after this moment, without a renewal, the lease is free for the next run
 */
public record Lease(String repository, String kind, String runId, String owner, String host, Long pid, String detail,
                    Instant acquiredAt, Instant renewedAt, Instant expiresAt) {
    public Lease {
        RepositoryName.require(repository);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(acquiredAt, "acquiredAt");
        Objects.requireNonNull(renewedAt, "renewedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        detail = detail == null ? "" : detail;
    }

    /** Whether the lease lapsed: no renewal before its expiry. */
    public boolean expired(Instant now) {
        return now.isAfter(expiresAt);
    }

    /** This lease renewed at {@code now} for another {@code ttl}. */
    Lease renewed(Instant now, Duration ttl) {
        return new Lease(repository, kind, runId, owner, host, pid, detail, acquiredAt, now, now.plus(ttl));
    }

    /** One line for messages: who holds it, since when, until when. */
    public String describe() {
        return kind + " run " + runId + " (" + detail + ") on " + host + (pid == null ? "" : " pid " + pid)
                + ", since " + acquiredAt + ", last renewed " + renewedAt + ", expires " + expiresAt;
    }
}
