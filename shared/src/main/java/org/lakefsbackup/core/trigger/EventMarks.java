package org.lakefsbackup.core.trigger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.lakefsbackup.core.error.ConflictException;
import org.lakefsbackup.core.lease.Lease;
import org.lakefsbackup.core.lease.Leases;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.step.EventClaim;
import org.lakefsbackup.core.step.EventClaimRequest;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.ObjectStore;
import org.lakefsbackup.core.store.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "dirty" marks of event-triggered backups: one small create-only object per accepted lakeFS event under
 * {@code <backup>/_runs/<repository>/_events/}, named so that they sort by arrival. A webhook writes a mark before it
 * looks at the lease; a backup deletes the marks only while it holds the repository's lease and before it dumps the
 * refs (the {@code claim-events} step), so every event whose mark it deleted is covered by its dump. At its end a
 * backup claims again: marks left means events arrived meanwhile, and one follow-up run covers all of them.
 */
public final class EventMarks {
    /** The folder of the marks under a repository's scratch ({@code _} keeps it apart from run ids). */
    public static final String DIR = "_events";

    private static final Logger LOG = LoggerFactory.getLogger(EventMarks.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Storage storage;

    public EventMarks(Storage storage) {
        this.storage = Objects.requireNonNull(storage, "storage");
    }

    /** The marks' folder of {@code repository} at {@code backup}. */
    public static Location folder(Location backup, String repository) {
        return new BackupLayout(backup, repository).runs().resolve(DIR);
    }

    /** What a mark records (for people reading the folder; only its existence matters). */
    public record Mark(String repository, String branch, String eventType, String commitId, String lakefsRunId,
                       Instant receivedAt) {
    }

    /**
     * Writes the mark of {@code event}, create-only (the same event delivered again while its mark is pending finds
     * it and writes nothing).
     *
     * @return the mark's name, e.g. {@code 20261130T201349123Z-0a1b2c3d4e5f6a7b.json}
     */
    public String mark(Location backup, LakeFsEvent event, Instant receivedAt) {
        String suffix = "-" + hash(event) + ".json";
        Optional<String> known = pending(backup, event.repositoryId()).stream().filter(n -> n.endsWith(suffix))
                .findFirst();
        if (known.isPresent()) {
            LOG.info("event mark {} of {} was already there", known.get(), event.repositoryId());
            return known.get(); // the same event delivered again
        }
        String name = STAMP.format(receivedAt) + suffix;
        Location at = folder(backup, event.repositoryId()).resolve(name);
        boolean created = storage.storeFor(at).putIfAbsent(at, Json.write(new Mark(event.repositoryId(),
                event.branchId(), event.eventType(), event.commitId(), event.runId(), receivedAt)));
        if (!created) {
            LOG.info("event mark {} of {} was already there", name, event.repositoryId());
        }
        return name;
    }

    /** The pending marks' names, oldest first. */
    public List<String> pending(Location backup, String repository) {
        Location dir = folder(backup, repository);
        ObjectStore store = storage.storeFor(dir);
        try (Stream<ObjectInfo> objects = store.list(dir, null)) {
            return objects.map(ObjectInfo::key).filter(k -> !k.contains("/") && k.endsWith(".json")).sorted()
                    .toList();
        }
    }

    /**
     * The {@code claim-events} step. At the start of a run ({@code followUp} false) it takes the repository's lease
     * for the run (CONFLICT as {@code prepare-backup} would; the lease names the run's generation, and the run's
     * prepare trusts it) and deletes the pending marks: the run's dump, later, covers their events. After a run
     * ({@code followUp} true) it does nothing when no mark is pending; otherwise it takes the lease for the follow-up
     * run and deletes the marks, and the workflow runs the follow-up. When another run holds the lease, that run
     * claims the marks at its own end, so this one leaves them.
     * <p>Requests: one listing of the marks (a follow-up claim's listing also shows whether a lease exists, so it reads
     * the lease only when one does), the lease taken (one create-only PUT when free) and one batch delete of the marks.
     * <p>Safe to run again: a follow-up claim whose lease is already this run's reports the follow-up again.
     */
    public EventClaim claim(Leases leases, EventClaimRequest request) {
        Location backup = request.backupLocation();
        String repository = request.repository();
        Instant now = leases.clock().instant();
        List<String> pending;
        GenerationId generation;
        if (request.followUp()) {
            Folder folder = look(backup, repository);
            pending = folder.pending();
            Optional<Lease> mine = folder.leased() ? leases.read(backup, repository)
                    .filter(l -> l.owner().equals(request.runId())) : Optional.empty();
            if (pending.isEmpty() && mine.isEmpty()) {
                return new EventClaim(false, 0, request.runId(), now);
            }
            // run again after it took the lease, it names the same follow-up generation (from the lease's run id)
            if (mine.isPresent() && GenerationId.isValid(mine.get().runId())) {
                now = new GenerationId(mine.get().runId()).time();
            }
            generation = GenerationId.forRun(request.runId(), now);
            try {
                leases.acquire(backup, repository, "backup", generation.value(), request.runId(),
                        "follow-up backup of " + repository + " for lakeFS events as generation " + generation, false);
            } catch (ConflictException e) {
                LOG.info("{} lakeFS event(s) of {} wait for the run holding its lease: {}", pending.size(), repository,
                        e.getMessage());
                return new EventClaim(false, pending.size(), request.runId(), now);
            }
        } else {
            pending = pending(backup, repository);
            generation = request.startedAt() == null ? null : GenerationId.forRun(request.runId(), request.startedAt());
            leases.acquire(backup, repository, "backup", generation == null ? request.runId() : generation.value(),
                    request.runId(), generation == null ? "backup of " + repository
                            : "backup of " + repository + " as generation " + generation, request.breakLease());
        }
        Location dir = folder(backup, repository);
        storage.storeFor(dir).deleteAll(pending.stream().map(dir::resolve).toList());
        if (!pending.isEmpty()) {
            LOG.info("run {} of {} covers {} lakeFS event(s)", request.runId(), repository, pending.size());
        }
        return new EventClaim(true, pending.size(), request.runId(), now);
    }

    /** The pending marks, and whether a lease object exists, as one listing of the runs folder shows them. */
    private record Folder(List<String> pending, boolean leased) {
    }

    /**
     * Lists the repository's runs folder ({@code _runs/<repository>/}) from the marks to the lease (keys sort
     * {@code _events/...} before {@code lease.json}): one request while fewer than a page of marks are pending.
     */
    private Folder look(Location backup, String repository) {
        BackupLayout layout = new BackupLayout(backup, repository);
        Location runs = layout.runs();
        String lease = layout.lease().key().substring(runs.key().length() + 1);
        String marks = DIR + "/";
        List<String> pending = new ArrayList<>();
        boolean leased = false;
        try (Stream<ObjectInfo> objects = storage.storeFor(runs).list(runs, DIR)) {
            Iterator<ObjectInfo> it = objects.iterator();
            while (it.hasNext()) {
                String key = it.next().key();
                if (key.startsWith(marks)) {
                    String name = key.substring(marks.length());
                    if (!name.contains("/") && name.endsWith(".json")) {
                        pending.add(name);
                    }
                } else if (key.equals(lease)) {
                    leased = true;
                    break;
                } else if (key.compareTo(lease) > 0) {
                    break;
                }
            }
        }
        pending.sort(null);
        return new Folder(List.copyOf(pending), leased);
    }

    private static String hash(LakeFsEvent e) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {e.repositoryId(), e.branchId(), e.eventType(), e.commitId(), e.runId(),
                    e.hookId(), e.eventTime()}) {
                md.update(part.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (java.security.NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
