package org.lakefsbackup.core.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectStore;
import org.lakefsbackup.core.store.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leases, as restic's locks: one lease object per repository name at a backup location
 * ({@code <backup>/<repository>/lease.json}), so at most one backup, restore (into that name) or later prune runs on
 * it at a time. A lease is created only if absent and renewed or taken over only by compare-and-swap
 * ({@link ObjectStore#replaceIfMatch}), so two runs racing for it cannot both win. A holder renews it while it works
 * (a heartbeat); without renewal it expires after the TTL and the next run takes it over. Thread-safe.
 */
public final class Leases {
    /** How long a lease lasts without renewal (10 minutes); holders renew it every fifth of that. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(Leases.class);
    private static final int MAX_RACES = 10;

    private final Storage storage;
    private final Clock clock;
    private final Duration ttl;
    private final LeaseOwner self;
    private final LeaseOwner.ProcessCheck processes;

    /**
     * @param ttl       how long a lease lasts without renewal
     * @param self      this process, written into the leases it takes
     * @param processes tells whether a process of this host runs (a holder on this host whose pid is gone is dead)
     */
    public Leases(Storage storage, Clock clock, Duration ttl, LeaseOwner self, LeaseOwner.ProcessCheck processes) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("the lease TTL must be positive");
        }
        this.self = Objects.requireNonNull(self, "self");
        this.processes = Objects.requireNonNull(processes, "processes");
    }

    public Duration ttl() {
        return ttl;
    }

    /** The clock leases are taken by. */
    public Clock clock() {
        return clock;
    }

    /** Where the lease of {@code repository} at {@code backup} lives. */
    public static Location location(Location backup, String repository) {
        return new BackupLayout(backup, repository).lease();
    }

    /** The current lease, if any. */
    public Optional<Lease> read(Location backup, String repository) {
        Location at = location(backup, repository);
        return storage.storeFor(at).get(at).map(b -> parse(b, at));
    }

    /**
     * Takes the lease of {@code repository} at {@code backup} for {@code owner}:
     * <ul>
     *   <li>free: created;</li>
     *   <li>held by {@code owner} itself (a retried step of the same attempt, or the run's {@code claim-events}
     *       before its prepare): renewed, with this call's kind, run id and detail;</li>
     *   <li>expired, or held by a process of this host that no longer runs: taken over, with a warning naming the
     *       previous holder;</li>
     *   <li>held by another live owner: taken over only when {@code breakLease}, else CONFLICT naming the holder
     *       and when its lease expires.</li>
     * </ul>
     *
     * @param kind   {@code backup}, {@code restore}...
     * @param runId  the run (its scratch) the holder works in
     * @param owner  this attempt's identity (an execution name, a process's id)
     * @param detail what the run works on, shown to whoever meets the lease
     */
    public Lease acquire(Location backup, String repository, String kind, String runId, String owner, String detail,
                         boolean breakLease) {
        Location at = location(backup, repository);
        ObjectStore store = storage.storeFor(at);
        for (int race = 0; race < MAX_RACES; race++) {
            Instant now = clock.instant();
            Lease mine = new Lease(repository, kind, runId, owner, self.host(), self.pid(), detail, now, now,
                    now.plus(ttl));
            if (store.putIfAbsent(at, Json.write(mine))) {
                LOG.info("took the lease of {} at {} for {} run {}", repository, backup, kind, runId);
                return mine;
            }
            Optional<ObjectStore.Versioned> current = store.getVersioned(at);
            if (current.isEmpty()) {
                continue; // released meanwhile: try to create it again
            }
            Lease held = parse(current.get().content(), at);
            String why;
            if (held.owner().equals(owner)) {
                why = null; // renewed, naming this step's run (a claim's lease becomes its prepared run's)
                mine = new Lease(repository, kind, runId, owner, self.host(), self.pid(), detail, held.acquiredAt(),
                        now, now.plus(ttl));
            } else if (held.expired(now)) {
                why = "it expired at " + held.expiresAt();
            } else if (self.knowsDead(held, processes)) {
                why = "its process " + held.pid() + " no longer runs on " + held.host();
            } else if (breakLease) {
                why = "--break-lease was given";
            } else {
                throw ErrorCode.CONFLICT.exception("repository '" + repository + "' at " + backup + " is leased by "
                        + held.describe() + "; wait for that run to finish (its lease lapses at " + held.expiresAt()
                        + " if it stopped), or, if it is certainly gone, run again with --break-lease");
            }
            if (store.replaceIfMatch(at, Json.write(mine), current.get().etag())) {
                if (why != null) {
                    LOG.warn("took over the lease of {} at {} from {}: {}", repository, backup, held.describe(), why);
                }
                return mine;
            }
            // someone else renewed or took it between our read and our write: look again
        }
        throw ErrorCode.CONFLICT.exception("could not take the lease of '" + repository + "' at " + backup
                + ": other runs keep changing it");
    }

    /**
     * Creates the lease for {@code owner} when none exists (one create-only PUT), for a step whose run took it
     * earlier (the backup's {@code claim-events}) and may have given it up since (a failed attempt of this step
     * releases it). When a lease exists it is not read: the caller trusts it is its run's and confirms it with
     * {@link #renew} before any write that matters, which stops the run if it is not.
     *
     * @return whether this call created it
     */
    public boolean createIfAbsent(Location backup, String repository, String kind, String runId, String owner,
                                  String detail) {
        Location at = location(backup, repository);
        Instant now = clock.instant();
        Lease mine = new Lease(repository, kind, runId, owner, self.host(), self.pid(), detail, now, now,
                now.plus(ttl));
        boolean created = storage.storeFor(at).putIfAbsent(at, Json.write(mine));
        if (created) {
            LOG.info("took the lease of {} at {} for {} run {}", repository, backup, kind, runId);
        }
        return created;
    }

    /**
     * Confirms that {@code owner} still holds the lease and extends it when a fifth of the TTL has passed since
     * its last renewal (so a step that renews costs one read, and a write only now and then).
     *
     * @throws org.lakefsbackup.core.error.ConflictException when another run took it over or it is gone: the run
     *                                                       must stop, its work is someone else's now
     */
    public Lease renew(Location backup, String repository, String owner) {
        Location at = location(backup, repository);
        ObjectStore store = storage.storeFor(at);
        for (int race = 0; race < MAX_RACES; race++) {
            Optional<ObjectStore.Versioned> current = store.getVersioned(at);
            if (current.isEmpty()) {
                throw lost(repository, backup, "it is gone");
            }
            Lease held = parse(current.get().content(), at);
            if (!held.owner().equals(owner)) {
                throw lost(repository, backup, "it is held by " + held.describe());
            }
            Instant now = clock.instant();
            if (Duration.between(held.renewedAt(), now).compareTo(ttl.dividedBy(5)) < 0) {
                return held;
            }
            Lease renewed = held.renewed(now, ttl);
            if (store.replaceIfMatch(at, Json.write(renewed), current.get().etag())) {
                return renewed;
            }
        }
        throw lost(repository, backup, "it keeps changing under this run");
    }

    /** Gives the lease up if {@code owner} holds it; does nothing otherwise (never removes another run's lease). */
    public void release(Location backup, String repository, String owner) {
        Location at = location(backup, repository);
        ObjectStore store = storage.storeFor(at);
        Optional<byte[]> current = store.get(at);
        if (current.isPresent() && parse(current.get(), at).owner().equals(owner)) {
            store.delete(at);
            LOG.info("released the lease of {} at {}", repository, backup);
        }
    }

    /**
     * Gives up the lease that {@link #renew} just confirmed {@code owner} holds ({@code confirmed}, as it returned it),
     * with one delete and no second read, while it is far from expiring: until then no other run takes it over (a
     * take-over needs an expired lease, a holder on this host whose process is gone, or {@code --break-lease}, the
     * operator's word that the holder is gone; {@link #release}'s read and delete leave the same gap). Within a fifth
     * of the TTL of its expiry it is read first, as {@link #release} does.
     */
    public void releaseConfirmed(Location backup, String repository, String owner, Lease confirmed) {
        Objects.requireNonNull(confirmed, "confirmed");
        if (!confirmed.owner().equals(owner)
                || !clock.instant().isBefore(confirmed.expiresAt().minus(ttl.dividedBy(5)))) {
            release(backup, repository, owner);
            return;
        }
        Location at = location(backup, repository);
        storage.storeFor(at).delete(at);
        LOG.info("released the lease of {} at {}", repository, backup);
    }

    private static org.lakefsbackup.core.error.LakeFsBackupException lost(String repository, Location backup,
                                                                         String why) {
        return ErrorCode.CONFLICT.exception("this run no longer holds the lease of '" + repository + "' at " + backup
                + ": " + why + "; it stops so as not to interfere");
    }

    private static Lease parse(byte[] content, Location at) {
        return Json.read(content, Lease.class, ErrorCode.INVALID_MANIFEST, at.toString());
    }
}
