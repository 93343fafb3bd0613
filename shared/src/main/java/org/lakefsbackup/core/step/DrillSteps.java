package org.lakefsbackup.core.step;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.lakefs.LakeFsClient;
import org.lakefsbackup.core.lakefs.RepositoryInfo;
import org.lakefsbackup.core.lease.LeaseHeartbeat;
import org.lakefsbackup.core.lease.Leases;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.model.InventoryEntry;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.model.JsonLinesChunks;
import org.lakefsbackup.core.model.Manifest;
import org.lakefsbackup.core.report.Markdown;
import org.lakefsbackup.core.store.ChecksumAlgorithm;
import org.lakefsbackup.core.store.ChecksumCalculator;
import org.lakefsbackup.core.store.KeyOrder;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of a restore drill, in the drill workflow's order ({@link org.lakefsbackup.core.workflow.DrillWorkflow}):
 * {@link #prepare} (picks the generation, takes the lease of the temporary repository's name, finds what earlier
 * drills of that name left), {@link #cleanup} of those leftovers, the restore (the restore workflow, run as a child
 * under the drill's run id and so under its lease), {@link #check} (reads a sample of the restored objects back and
 * compares their recorded checksums), {@link #cleanup} of the drill's own repository and objects, {@link #record}.
 *
 * <p>A drill deletes only what it created: the temporary repository it restored (its name is the drill's, its
 * namespace one of the drill's, and the backup's restore record says a restore of this repository created it there),
 * and in a temporary namespace only keys of the restored generation's inventory and the marker lakeFS writes into a
 * new repository's namespace; anything else found there is left and reported. It deletes only while it holds the
 * lease of the temporary repository's name. The services' lakeFS client is the one drills restore into.
 */
public final class DrillSteps {
    private static final Logger LOG = LoggerFactory.getLogger(DrillSteps.class);
    /** What lakeFS writes into the namespace of a repository it creates. */
    static final Set<String> LAKEFS_MARKERS = Set.of("dummy", "_lakefs/dummy");
    /** Objects one clean-up step deletes at most before the workflow calls it again (well inside 15 minutes). */
    public static final int DELETE_BATCH_OBJECTS = 100_000;
    private static final int DELETES_AT_ONCE = 1_000;
    private static final int MAX_FOLDERS = 1_000;
    private static final int MAX_PROBLEMS = 20;
    private static final String KIND = "drill";

    private final StepServices services;
    private final LakeFsClient lakefs;

    public DrillSteps(StepServices services) {
        this.services = services;
        this.lakefs = services.lakefs();
    }

    /**
     * Resolves the generation ({@code latest}, {@code rotate} or an id), takes the lease of the temporary
     * repository's name, and finds what earlier drills of this name left behind (a temporary repository, temporary
     * namespaces). Refuses (CONFLICT) a repository of the drill's name that no drill of this backup created, and a
     * namespace prefix overlapping the backup location or the backed-up namespace.
     */
    public DrillRun prepare(DrillRequest request) {
        if (request.runId() == null || request.startedAt() == null) {
            throw ErrorCode.INVALID_INPUT.exception("a drill run needs a run id and a start time");
        }
        Location backup = Location.parse(request.backup());
        BackupLayout layout = new BackupLayout(backup, request.repository());
        Generations generations = new Generations(services.storage());
        GenerationId generation = DrillRequest.ROTATE.equals(request.generation()) ? rotate(layout)
                : generations.resolve(layout, request.generation());
        Manifest manifest = generations.read(layout, generation);
        Location root = Location.parse(request.namespacePrefix()).resolve(request.name());
        if (root.overlaps(backup)) {
            throw ErrorCode.CONFLICT.exception("the drill namespace " + root + " overlaps the backup location "
                    + backup + "; give a namespace prefix outside it");
        }
        if (overlaps(root, manifest.repository().storageNamespace())) {
            throw ErrorCode.CONFLICT.exception("the drill namespace " + root + " overlaps the namespace of "
                    + request.repository() + "; give a namespace prefix outside it");
        }
        Location namespace = root.resolve(request.runId());
        Leases leases = services.leases();
        leases.acquire(backup, request.name(), KIND, request.runId(), request.runId(), "drill " + request.name()
                + " of " + request.repository() + " generation " + generation + " in " + namespace, false);
        try {
            List<String> warnings = new ArrayList<>();
            List<String> leftovers = leftovers(layout, request.name(), root, warnings);
            RestoreRequest restore = new RestoreRequest(request.backup(), request.repository(), generation.value(),
                    request.name(), namespace.toString(), false, request.runId(), false, false);
            LOG.info("drill {} of {}: restoring generation {} into {} at {}{}", request.name(),
                    request.repository(), generation, request.name(), namespace, leftovers.isEmpty() ? ""
                            : " after removing what earlier drills left in " + leftovers);
            return new DrillRun(request.backup(), request.repository(), request.name(), request.runId(),
                    generation.value(), namespace.toString(), request.startedAt(), request.sampleObjects(), leftovers,
                    warnings, restore);
        } catch (RuntimeException e) {
            leases.release(backup, request.name(), request.runId());
            throw e;
        }
    }

    /**
     * Removes (part of) what a drill created: per namespace, the temporary repository (when its name is the drill's,
     * its namespace is that namespace and a restore of this repository recorded it there), the restore's run scratch,
     * then the objects of the restored generation's inventory and lakeFS's marker; other objects are left and
     * counted. Works under the lease of the drill's name (taken, or renewed when held) and stops after
     * {@value #DELETE_BATCH_OBJECTS} objects: call again with the returned progress until it is done. Releases the
     * lease when the drill's own namespace is clean.
     */
    public DrillCleanup cleanup(DrillCleanupRequest request) {
        DrillRun drill = request.drill();
        Location backup = drill.backupLocation();
        Leases leases = services.leases();
        leases.acquire(backup, drill.name(), KIND, drill.runId(), drill.runId(), "drill " + drill.name()
                + " removing its temporary repository and objects", false);
        DrillCleanup progress = request.progress() != null ? request.progress()
                : DrillCleanup.start(request.leftovers() ? drill.leftovers() : List.of(drill.namespace()));
        BackupLayout layout = new BackupLayout(backup, drill.repository());
        try (LeaseHeartbeat heartbeat = LeaseHeartbeat.start(leases, backup, drill.name(), drill.runId())) {
            long budget = DELETE_BATCH_OBJECTS;
            while (!progress.done() && budget > 0) {
                String namespace = progress.namespaces().get(progress.index());
                if (progress.lastKey() == null) {
                    progress = removeRepository(drill, layout, namespace, progress);
                    removeRestoreScratch(layout, namespace);
                }
                Cleaned cleaned = cleanNamespace(drill, layout, namespace, progress, budget);
                progress = cleaned.progress();
                budget -= cleaned.handled();
                heartbeat.check();
            }
        }
        if (progress.done()) {
            LOG.info("drill {}: removed {} repository(ies) and {} object(s) from {}{}", drill.name(),
                    progress.repositoriesDeleted(), progress.objectsDeleted(), progress.namespaces(),
                    progress.objectsLeft() == 0 ? "" : "; left " + progress.objectsLeft()
                            + " object(s) the drill did not copy, e.g. " + progress.left());
            if (!request.leftovers()) {
                leases.release(backup, drill.name(), drill.runId());
            }
        }
        return progress;
    }

    /**
     * Reads back a sample of the generation's objects (reservoir-sampled over its inventory, seeded by the run id so a
     * retry reads the same ones) from the drill's namespace and compares each with its recorded size and checksum.
     * Read-only; differences are returned as data.
     */
    public DrillCheck check(DrillRun drill) {
        BackupLayout layout = new BackupLayout(drill.backupLocation(), drill.repository());
        Manifest manifest = new Generations(services.storage()).read(layout, new GenerationId(drill.generation()));
        List<InventoryEntry> sample = sample(layout, manifest, drill.sampleObjects(), drill.runId());
        Location namespace = Location.parse(drill.namespace());
        ObjectStore store = services.storage().storeFor(namespace);
        int checksummed = 0;
        List<String> problems = new ArrayList<>();
        int mismatched = 0;
        for (InventoryEntry e : sample) {
            boolean byChecksum = e.checksum() != null && !e.checksum().composite();
            ChecksumAlgorithm algorithm = byChecksum ? e.checksum().algorithm() : ChecksumAlgorithm.CRC32;
            String problem;
            try (InputStream in = store.open(namespace.resolve(e.key()))) {
                ChecksumCalculator.Measured read = ChecksumCalculator.measure(in, algorithm);
                if (read.length() != e.size()) {
                    problem = e.key() + " has " + read.length() + " bytes, the backup recorded " + e.size();
                } else if (byChecksum && !read.checksum().equals(e.checksum())) {
                    problem = e.key() + " has checksum " + read.checksum() + ", the backup recorded " + e.checksum();
                } else {
                    problem = null;
                }
            } catch (IOException | LakeFsBackupException ex) {
                problem = e.key() + " cannot be read back: " + ex.getMessage();
            }
            if (byChecksum) {
                checksummed++;
            }
            if (problem != null) {
                mismatched++;
                if (problems.size() < MAX_PROBLEMS) {
                    problems.add(problem);
                }
            }
        }
        LOG.info("drill {}: read back {} object(s) of generation {} ({} by checksum), {} differ", drill.name(),
                sample.size(), drill.generation(), checksummed, mismatched);
        return new DrillCheck(sample.size(), checksummed, mismatched, problems);
    }

    /**
     * Records the drill beside its generation ({@code drills/<started>-<name>.json}, created only once, so a retry
     * returns the first record; then its Markdown rendering) and gives up the lease of the drill's name if a failed
     * clean-up kept it.
     */
    public DrillRecord record(DrillFinish finish) {
        DrillRun drill = finish.drill();
        BackupLayout layout = new BackupLayout(drill.backupLocation(), drill.repository());
        GenerationId generation = new GenerationId(drill.generation());
        Location json = layout.drillRecord(generation, drill.startedAt(), drill.name(), "json");
        ObjectStore store = services.storage().storeFor(json);
        Instant now = services.clock().instant();
        DrillRecord.Failure error = failure(finish);
        boolean ok = error == null && finish.restored() != null && finish.check() != null
                && finish.cleanup() != null && finish.cleanup().done();
        if (error == null && !ok) {
            error = new DrillRecord.Failure(ErrorCode.INTERNAL.name(), "drill", ErrorCode.INTERNAL.exceptionClass()
                    .getName(), "the drill ended before it verified and removed its temporary repository");
        }
        List<String> warnings = new ArrayList<>(drill.warnings());
        if (!drill.leftovers().isEmpty()) {
            warnings.add("removed what earlier drills of this name left in " + drill.leftovers());
        }
        if (finish.cleanup() != null && finish.cleanup().objectsLeft() > 0) {
            warnings.add(finish.cleanup().objectsLeft() + " object(s) in " + drill.namespace() + " were not copied "
                    + "by this drill and were left there, e.g. " + finish.cleanup().left());
        }
        DrillRecord record = new DrillRecord(DrillRecord.FORMAT_VERSION, drill.name(), drill.runId(),
                drill.repository(), drill.generation(), drill.name(), drill.namespace(), drill.startedAt(), now,
                Math.max(0, Duration.between(drill.startedAt(), now).toMillis()), ok, finish.restored(),
                finish.check(), finish.cleanup(), error, warnings, json.toString());
        if (!store.putIfAbsent(json, Json.write(record))) {
            record = Json.read(store.get(json).orElseThrow(() -> ErrorCode.NOT_FOUND.exception(json + " vanished")),
                    DrillRecord.class, ErrorCode.INVALID_MANIFEST, json.toString());
            LOG.info("drill {} was recorded by an earlier attempt", drill.name());
        }
        Location md = layout.drillRecord(generation, drill.startedAt(), drill.name(), "md");
        store.put(md, markdown(record).getBytes(StandardCharsets.UTF_8));
        services.leases().release(drill.backupLocation(), drill.name(), drill.runId());
        if (record.ok()) {
            LOG.info("drill {} of {} generation {} verified in {} ms; recorded at {}", drill.name(),
                    drill.repository(), drill.generation(), record.durationMs(), json);
        } else {
            LOG.error("drill {} of {} generation {} failed ({} of the {}): {}; recorded at {}", drill.name(),
                    drill.repository(), drill.generation(), record.error().code(), record.error().part(),
                    record.error().message(), json);
        }
        return record;
    }

    /** The first failure of the drill's parts, in their order; {@code null} when none failed. */
    private static DrillRecord.Failure failure(DrillFinish f) {
        if (f.restoreFailure() != null) {
            return failure("restore", f.restoreFailure());
        }
        if (f.checkFailure() != null) {
            return failure("check", f.checkFailure());
        }
        if (f.check() != null && !f.check().ok()) {
            return new DrillRecord.Failure(ErrorCode.VERIFICATION_FAILED.name(), "check",
                    ErrorCode.VERIFICATION_FAILED.exceptionClass().getName(), f.check().mismatched() + " of "
                    + f.check().sampled() + " sampled object(s) differ from the backup: " + f.check().problems());
        }
        if (f.cleanupFailure() != null) {
            return failure("cleanup", f.cleanupFailure());
        }
        return null;
    }

    private static DrillRecord.Failure failure(String part, StepFailure f) {
        StepFailure inner = f.unwrapped();
        ErrorCode code = inner.code().orElse(ErrorCode.INTERNAL);
        return new DrillRecord.Failure(code.name(), part, inner.errorType(), inner.message());
    }

    /** The drill record as Markdown. */
    public static String markdown(DrillRecord r) {
        Markdown md = new Markdown().title("Restore drill " + r.drill() + ": " + (r.ok() ? "verified" : "FAILED"));
        md.facts(List.of(
                new String[] {"repository", Markdown.code(r.repository())},
                new String[] {"generation", Markdown.code(r.generation())},
                new String[] {"temporary repository", Markdown.code(r.temporaryRepository())},
                new String[] {"temporary namespace", Markdown.code(r.namespace())},
                new String[] {"run", Markdown.code(r.runId())},
                new String[] {"started (UTC)", String.valueOf(r.startedAt())},
                new String[] {"finished (UTC)", String.valueOf(r.finishedAt())},
                new String[] {"duration", String.format(Locale.ROOT, "%.1f s", r.durationMs() / 1000.0)}));
        if (r.error() != null) {
            md.section("Failure").facts(List.of(new String[] {"code", r.error().code()},
                    new String[] {"part", r.error().part()}, new String[] {"error", r.error().message()}));
        }
        List<String[]> checks = new ArrayList<>();
        if (r.restored() != null) {
            checks.add(new String[] {"branch heads", String.valueOf(r.restored().branches()), "equal to the backup"});
            checks.add(new String[] {"tags", String.valueOf(r.restored().tags()), "equal to the backup"});
            checks.add(new String[] {"commits", String.valueOf(r.restored().commits()), "equal to the backup"});
            checks.add(new String[] {"objects read through lakeFS", String.valueOf(r.restored().sampledObjects()),
                    "readable, sizes as listed"});
        }
        if (r.check() != null) {
            checks.add(new String[] {"objects read back", String.valueOf(r.check().sampled()),
                    r.check().checksummed() + " by checksum, " + r.check().mismatched() + " differ"});
        }
        if (r.cleanup() != null) {
            checks.add(new String[] {"objects removed", String.valueOf(r.cleanup().objectsDeleted()),
                    r.cleanup().repositoriesDeleted() + " temporary repository(ies) deleted, "
                            + r.cleanup().objectsLeft() + " object(s) left"});
        }
        md.section("Verified").table(new String[] {"what", "count", "result"}, checks);
        if (r.check() != null && !r.check().problems().isEmpty()) {
            md.section("Differences").bullets(r.check().problems());
        }
        if (!r.warnings().isEmpty()) {
            md.section("Warnings").bullets(r.warnings());
        }
        return md.toString();
    }

    /**
     * The generation a rotating drill restores ({@link #leastRecentlyDrilled}), found from one listing of the
     * generations.
     */
    GenerationId rotate(BackupLayout layout) {
        Location root = layout.generations();
        List<String> keys;
        try (Stream<ObjectInfo> objects = services.storage().storeFor(root).list(root, null)) {
            keys = objects.map(ObjectInfo::key).filter(k -> k.indexOf('/') > 0
                    && !k.contains("/inventory/")).toList();
        }
        return leastRecentlyDrilled(keys).orElseThrow(() -> ErrorCode.NOT_FOUND.exception("no backup of repository '"
                + layout.repository() + "' at " + layout.backupRoot() + " (no committed generation) to drill"));
    }

    /**
     * Of the generations that {@code keys} (relative to {@code generations/}) show committed and not forgotten, the
     * one whose newest drill record is the oldest: generations never drilled first, the older generation first among
     * equals; empty when there is none.
     */
    static Optional<GenerationId> leastRecentlyDrilled(List<String> keys) {
        Map<GenerationId, String> lastDrill = new HashMap<>();
        Set<GenerationId> committed = new java.util.TreeSet<>();
        Set<GenerationId> forgotten = new java.util.HashSet<>();
        for (String key : keys) {
            String[] parts = key.split("/");
            if (parts.length < 2 || !GenerationId.isValid(parts[0])) {
                continue;
            }
            GenerationId id = new GenerationId(parts[0]);
            if (parts.length == 2 && parts[1].equals("manifest.json")) {
                committed.add(id);
            } else if (parts.length == 2 && parts[1].equals(BackupLayout.FORGOTTEN)) {
                forgotten.add(id);
            } else if (parts.length == 3 && parts[1].equals(BackupLayout.DRILLS) && parts[2].endsWith(".json")) {
                lastDrill.merge(id, parts[2], (x, y) -> x.compareTo(y) >= 0 ? x : y);
            }
        }
        committed.removeAll(forgotten);
        GenerationId chosen = null;
        for (GenerationId id : committed) { // oldest first
            if (chosen == null || lastDrill.getOrDefault(id, "").compareTo(lastDrill.getOrDefault(chosen, "")) < 0) {
                chosen = id;
            }
        }
        return Optional.ofNullable(chosen);
    }

    /** Temporary namespaces and the repository an earlier drill of this name left; see {@link #prepare}. */
    private List<String> leftovers(BackupLayout layout, String name, Location root, List<String> warnings) {
        Set<String> found = new LinkedHashSet<>();
        Optional<RepositoryInfo> repo = lakefs.getRepository(name);
        if (repo.isPresent()) {
            String ns = repo.get().storageNamespace();
            if (!isDrillNamespace(layout, name, root, ns)) {
                throw ErrorCode.CONFLICT.exception("repository '" + name + "' exists on " + lakefs.endpoint()
                        + " and is not the temporary repository of a drill of " + layout.repository() + " (its "
                        + "namespace is " + ns + "); give the drill another name, it is left alone");
            }
            found.add(ns);
        }
        for (String folder : folders(root)) {
            String ns = root.resolve(folder).toString();
            if (found.contains(ns)) {
                continue;
            }
            if (isDrillNamespace(layout, name, root, ns)) {
                found.add(ns);
            } else {
                warnings.add("objects under " + ns + " were not written by a recorded drill of "
                        + layout.repository() + "; they are left alone");
            }
        }
        return List.copyOf(found);
    }

    /** The first path segments under {@code root}, found by skipping from one to the next (never a full listing). */
    private List<String> folders(Location root) {
        ObjectStore store = services.storage().storeFor(root);
        List<String> folders = new ArrayList<>();
        String after = null;
        while (folders.size() < MAX_FOLDERS) {
            Optional<String> next;
            try (Stream<ObjectInfo> objects = store.list(root, after)) {
                next = objects.map(ObjectInfo::key).findFirst();
            }
            if (next.isEmpty()) {
                break;
            }
            int slash = next.get().indexOf('/');
            if (slash < 0) {
                after = next.get();
                continue;
            }
            String folder = next.get().substring(0, slash);
            folders.add(folder);
            after = folder + "0"; // '0' follows '/': every key under "<folder>/" sorts before it
        }
        return folders;
    }

    /**
     * Whether {@code namespace} is a temporary namespace of a drill named {@code name} of this repository: a folder
     * right under the drill's root into which the backup's restore record says a restore created {@code name}.
     */
    private boolean isDrillNamespace(BackupLayout layout, String name, Location root, String namespace) {
        Location ns;
        try {
            ns = Location.parse(namespace);
        } catch (LakeFsBackupException e) {
            return false;
        }
        if (!root.sameStore(ns) || ns.equals(root) || !root.overlaps(ns) || ns.key().length() <= root.key().length()
                || root.relativize(ns).contains("/")) {
            return false;
        }
        return restoreRecord(layout, namespace).filter(r -> r.targetRepository().equals(name)
                && r.targetNamespace().equals(namespace)).isPresent();
    }

    private Optional<RestoreRecord> restoreRecord(BackupLayout layout, String namespace) {
        Location at = layout.restoreRecord(namespace);
        return services.storage().storeFor(at).get(at).map(b -> Json.read(b, RestoreRecord.class,
                ErrorCode.INVALID_MANIFEST, at.toString()));
    }

    /** Deletes the drill's temporary repository when it lives in {@code namespace}. */
    private DrillCleanup removeRepository(DrillRun drill, BackupLayout layout, String namespace, DrillCleanup p) {
        Optional<RepositoryInfo> repo = lakefs.getRepository(drill.name());
        if (repo.isEmpty() || !repo.get().storageNamespace().equals(namespace)) {
            return p;
        }
        Location root = Location.parse(namespace);
        if (!isDrillNamespace(layout, drill.name(), parent(root), namespace)) {
            throw ErrorCode.CONFLICT.exception("repository '" + drill.name() + "' at " + namespace + " was not created "
                    + "by a drill of " + drill.repository() + "; it is left alone");
        }
        lakefs.deleteRepository(drill.name(), true);
        LOG.info("drill {}: deleted the temporary repository {} at {}", drill.name(), drill.name(), namespace);
        return new DrillCleanup(p.namespaces(), p.index(), p.lastKey(), p.done(), p.repositoriesDeleted() + 1,
                p.objectsDeleted(), p.objectsLeft(), p.left());
    }

    /** Deletes the scratch of the restore that filled {@code namespace} (its run id is the namespace's last folder). */
    private void removeRestoreScratch(BackupLayout layout, String namespace) {
        Location ns = Location.parse(namespace);
        String run = ns.key().substring(ns.key().lastIndexOf('/') + 1);
        Location scratch = layout.run(RunRef.requireId("run id", run));
        ObjectStore store = services.storage().storeFor(scratch);
        try (Stream<ObjectInfo> objects = store.list(scratch, null)) {
            objects.forEach(o -> store.delete(scratch.resolve(o.key())));
        }
    }

    private record Cleaned(DrillCleanup progress, long handled) {
    }

    /**
     * Deletes, after the progress's last key, the objects of {@code namespace} that the restore recorded there copied
     * (a merge of the namespace's listing with the restored generation's inventory, both in key order), at most
     * {@code budget} of them; the others are left and counted.
     */
    private Cleaned cleanNamespace(DrillRun drill, BackupLayout layout, String namespace, DrillCleanup p,
                                   long budget) {
        Location ns = Location.parse(namespace);
        ObjectStore store = services.storage().storeFor(ns);
        Optional<RestoreRecord> record = restoreRecord(layout, namespace);
        Manifest.InventoryRef inventory = record.map(r -> new Generations(services.storage()).read(layout,
                new GenerationId(r.generation())).inventory()).orElse(null);
        long deleted = 0;
        long left = 0;
        List<String> leftKeys = new ArrayList<>(p.left());
        String lastKey = p.lastKey();
        boolean exhausted = true;
        List<Location> batch = new ArrayList<>();
        try (Stream<ObjectInfo> listing = store.list(ns, lastKey);
             Stream<InventoryEntry> entries = inventory == null ? Stream.empty()
                     : JsonLinesChunks.stream(services.storage(), layout.repositoryRoot().resolve(inventory.prefix()),
                     inventory.chunks(), InventoryEntry.class)) {
            Iterator<InventoryEntry> inv = entries.iterator();
            InventoryEntry current = inv.hasNext() ? inv.next() : null;
            long handled = 0;
            for (Iterator<ObjectInfo> it = listing.iterator(); it.hasNext(); ) {
                if (handled >= budget) {
                    exhausted = false;
                    break;
                }
                String key = it.next().key();
                while (current != null && KeyOrder.compare(current.key(), key) < 0) {
                    current = inv.hasNext() ? inv.next() : null;
                }
                boolean copied = current != null && current.key().equals(key);
                if (copied || (inventory != null && LAKEFS_MARKERS.contains(key))) {
                    batch.add(ns.resolve(key));
                    if (batch.size() >= DELETES_AT_ONCE) {
                        deleted += deleteAll(batch);
                    }
                } else {
                    left++;
                    if (leftKeys.size() < DrillCleanup.MAX_LEFT) {
                        leftKeys.add(namespace + "/" + key);
                    }
                }
                lastKey = key;
                handled++;
            }
            deleted += deleteAll(batch);
            int index = exhausted ? p.index() + 1 : p.index();
            DrillCleanup next = new DrillCleanup(p.namespaces(), index, exhausted ? null : lastKey,
                    index >= p.namespaces().size(), p.repositoriesDeleted(), p.objectsDeleted() + deleted,
                    p.objectsLeft() + left, leftKeys);
            return new Cleaned(next, Math.max(handled, 1));
        }
    }

    /** Deletes the locations, some at a time, and empties the list. */
    private long deleteAll(List<Location> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        int threads = Math.min(batch.size(), services.settings().copyConcurrency());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "drill-cleanup");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Location l : batch) {
                futures.add(pool.submit(() -> services.storage().storeFor(l).delete(l)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            long n = batch.size();
            batch.clear();
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ErrorCode.UNAVAILABLE.exception("interrupted while removing drill objects", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LakeFsBackupException lbe) {
                throw lbe;
            }
            throw ErrorCode.INTERNAL.exception("removing drill objects failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Reservoir sample of the inventory's objects (lakeFS markers aside), the same for the same run id. */
    private List<InventoryEntry> sample(BackupLayout layout, Manifest manifest, int size, String runId) {
        Random random = new Random(runId.hashCode());
        List<InventoryEntry> sample = new ArrayList<>(size);
        long seen = 0;
        try (Stream<InventoryEntry> entries = JsonLinesChunks.stream(services.storage(),
                layout.repositoryRoot().resolve(manifest.inventory().prefix()), manifest.inventory().chunks(),
                InventoryEntry.class)) {
            for (Iterator<InventoryEntry> it = entries.iterator(); it.hasNext(); ) {
                InventoryEntry e = it.next();
                if (LAKEFS_MARKERS.contains(e.key())) {
                    continue;
                }
                seen++;
                if (sample.size() < size) {
                    sample.add(e);
                } else {
                    long j = random.nextLong(seen);
                    if (j < size) {
                        sample.set((int) j, e);
                    }
                }
            }
        }
        return sample;
    }

    private static Location parent(Location l) {
        int slash = l.key().lastIndexOf('/');
        return new Location(l.scheme(), l.authority(), l.container(), slash < 0 ? "" : l.key().substring(0, slash));
    }

    private static boolean overlaps(Location root, String namespace) {
        try {
            return root.overlaps(Location.parse(namespace));
        } catch (LakeFsBackupException e) {
            return false;
        }
    }
}
