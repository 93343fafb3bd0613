package org.lakefsbackup.core.gc;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.lease.Lease;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.model.RepositoryName;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.ObjectStore;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.core.store.local.LocalObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what finished or abandoned runs left behind at a backup location: run scratch ({@code _runs/<repository>/<run>/}),
 * inventories of generations that were never committed (no manifest), leases that expired long ago, and, for
 * {@code file://} locations, temporary files of interrupted writes. Only what is older than a given age goes, and
 * never anything of the run holding a live lease, nor a committed generation, nor a backed-up object. With
 * {@code dryRun} nothing is deleted and the report says what would be.
 */
public final class ScratchCollector {
    private static final Logger LOG = LoggerFactory.getLogger(ScratchCollector.class);

    private final Storage storage;
    private final Clock clock;

    public ScratchCollector(Storage storage, Clock clock) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What was (or, in a dry run, would be) removed for one repository. */
    public record Report(String repository, List<String> runs, List<String> generations, boolean expiredLease,
                         long objects, long bytes, boolean dryRun, String skipped) {
        public Report {
            runs = List.copyOf(runs);
            generations = List.copyOf(generations);
        }
    }

    /** What was removed outside any repository: temporary files of interrupted writes. */
    public record TempFiles(long files, long bytes) {
    }

    /**
     * Collects for {@code repository}, or for every repository at {@code backup} when it is {@code null}.
     *
     * @param olderThan only what was last written longer ago than this goes
     */
    public List<Report> collect(Location backup, String repository, Duration olderThan, boolean dryRun) {
        if (olderThan.isNegative()) {
            throw ErrorCode.INVALID_INPUT.exception("the age must not be negative");
        }
        // a restore keeps its scratch with the backed-up repository but leases its target's name: every live lease
        // protects its run, and names that only have scratch (a restore target's lease) are collected too
        Location scratch = backup.resolve(BackupLayout.SCRATCH);
        List<String> withScratch = BackupLayout.repositories(storage, scratch);
        Map<String, Lease> liveRuns = new TreeMap<>();
        for (String name : withScratch) {
            readLease(new BackupLayout(backup, name)).filter(l -> !l.expired(clock.instant()))
                    .ifPresent(l -> liveRuns.put(l.runId(), l));
        }
        SortedSet<String> repositories = new TreeSet<>();
        if (repository != null) {
            repositories.add(RepositoryName.require(repository));
        } else {
            repositories.addAll(BackupLayout.repositories(storage, backup));
            repositories.addAll(withScratch);
        }
        List<Report> reports = new ArrayList<>();
        for (String r : repositories) {
            reports.add(collectRepository(new BackupLayout(backup, r), clock.instant().minus(olderThan), dryRun,
                    liveRuns));
        }
        return reports;
    }

    private Optional<Lease> readLease(BackupLayout layout) {
        return storage.storeFor(layout.lease()).get(layout.lease()).map(b -> Json.read(b, Lease.class,
                ErrorCode.INVALID_MANIFEST, layout.lease().toString()));
    }

    private Report collectRepository(BackupLayout layout, Instant cutoff, boolean dryRun,
                                     Map<String, Lease> liveRuns) {
        ObjectStore store = storage.storeFor(layout.repositoryRoot());
        Optional<Lease> lease = readLease(layout);
        Instant now = clock.instant();
        String liveRun = lease.filter(l -> !l.expired(now)).map(Lease::runId).orElse(null);
        boolean dropLease = lease.isPresent() && lease.get().expired(now) && lease.get().expiresAt().isBefore(cutoff);

        Map<String, Group> runs = groups(store, layout.runs());
        runs.remove(layout.lease().key().substring(layout.runs().key().length() + 1));
        runs.remove(org.lakefsbackup.core.trigger.EventMarks.DIR); // pending events: the next backup consumes them
        Map<String, Group> generations = groups(store, layout.generations());
        generations.values().removeIf(g -> g.keys.stream().anyMatch(k -> k.endsWith("/manifest.json")));

        List<String> runsGone = new ArrayList<>();
        List<String> generationsGone = new ArrayList<>();
        long objects = 0;
        long bytes = 0;
        for (var e : runs.entrySet()) {
            if (e.getKey().equals(liveRun) || liveRuns.containsKey(e.getKey())
                    || !e.getValue().newest.isBefore(cutoff)) {
                continue;
            }
            runsGone.add(e.getKey());
            objects += e.getValue().keys.size();
            bytes += e.getValue().bytes;
            delete(store, layout.runs(), e.getValue().keys, dryRun);
        }
        for (var e : generations.entrySet()) {
            if (e.getKey().equals(liveRun) || liveRuns.containsKey(e.getKey())
                    || !e.getValue().newest.isBefore(cutoff)) {
                continue;
            }
            generationsGone.add(e.getKey());
            objects += e.getValue().keys.size();
            bytes += e.getValue().bytes;
            delete(store, layout.generations(), e.getValue().keys, dryRun);
        }
        if (dropLease) {
            objects++;
            if (!dryRun) {
                store.delete(layout.lease());
            }
        }
        List<String> kept = new ArrayList<>();
        if (liveRun != null) {
            kept.add("run " + liveRun + " holds the lease: " + lease.get().describe());
        }
        runs.keySet().stream().filter(r -> !r.equals(liveRun) && liveRuns.containsKey(r))
                .forEach(r -> kept.add("run " + r + " holds a lease: " + liveRuns.get(r).describe()));
        String skipped = kept.isEmpty() ? null : String.join("; ", kept);
        if (!dryRun && objects > 0) {
            LOG.info("gc of {}: removed {} run(s), {} incomplete generation(s){}: {} objects, {} bytes",
                    layout.repository(), runsGone.size(), generationsGone.size(), dropLease ? ", an expired lease" : "",
                    objects, bytes);
        }
        return new Report(layout.repository(), runsGone, generationsGone, dropLease, objects, bytes, dryRun, skipped);
    }

    /**
     * Removes temporary files of interrupted writes under a {@code file://} location, older than the age; nothing
     * for other stores (S3 keeps no such files; its incomplete multipart uploads are the bucket lifecycle's).
     */
    public TempFiles collectTempFiles(Location backup, Duration olderThan, boolean dryRun) {
        if (backup.scheme() != Location.Scheme.FILE || !(storage.storeFor(backup) instanceof LocalObjectStore local)) {
            return new TempFiles(0, 0);
        }
        Path root = local.path(backup);
        if (!Files.isDirectory(root)) {
            return new TempFiles(0, 0);
        }
        Instant cutoff = clock.instant().minus(olderThan);
        long[] found = new long[2];
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile() && file.getFileName().toString().startsWith(LocalObjectStore.TEMP_PREFIX)
                            && attrs.lastModifiedTime().toInstant().isBefore(cutoff)) {
                        found[0]++;
                        found[1] += attrs.size();
                        if (!dryRun) {
                            Files.deleteIfExists(file);
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw ErrorCode.UNAVAILABLE.exception("looking for temporary files under " + root + " failed: " + e, e);
        }
        return new TempFiles(found[0], found[1]);
    }

    private static void delete(ObjectStore store, Location prefix, List<String> keys, boolean dryRun) {
        if (dryRun) {
            return;
        }
        for (String key : keys) {
            store.delete(prefix.resolve(key));
        }
    }

    /** The objects under {@code prefix} grouped by their first key segment. */
    private static Map<String, Group> groups(ObjectStore store, Location prefix) {
        Map<String, Group> groups = new TreeMap<>();
        try (Stream<ObjectInfo> objects = store.list(prefix, null)) {
            objects.forEach(o -> {
                int slash = o.key().indexOf('/');
                String name = slash < 0 ? o.key() : o.key().substring(0, slash);
                Group g = groups.computeIfAbsent(name, k -> new Group());
                g.keys.add(o.key());
                g.bytes += o.size();
                Instant modified = o.lastModified() == null ? Instant.EPOCH : o.lastModified();
                if (modified.isAfter(g.newest)) {
                    g.newest = modified;
                }
            });
        }
        return groups;
    }

    private static final class Group {
        final List<String> keys = new ArrayList<>();
        long bytes;
        Instant newest = Instant.EPOCH;
    }
}
