package org.lakefsbackup.core.step;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.model.InventoryEntry;
import org.lakefsbackup.core.model.Manifest;
import org.lakefsbackup.core.prune.LiveSet;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of rolling deep verification ({@link org.lakefsbackup.core.workflow.RollingVerifyWorkflow}): plan (per
 * repository its kept generations and the next subset), read a subset back (resumable; over the union of the kept
 * generations' inventories, each backed-up object once; records the read in their {@code checks.json}), finish
 * (fails with VERIFICATION_FAILED naming the keys when anything differed).
 *
 * <p>They take no lease: reading does not conflict with a backup (a new generation only adds objects). Prune deletes
 * only what no kept generation references, so an object missing that a generation still kept references is a real
 * loss; one that only generations forgotten since the plan reference (a concurrent prune deleted it) is excused.
 */
public final class RollingVerifySteps {
    private static final Logger LOG = LoggerFactory.getLogger(RollingVerifySteps.class);

    /**
     * At most this many objects are read back per invocation: reads are sequential, and a Lambda invocation lasts at
     * most 15 minutes (at about 30 ms per small object, 10,000 reads take 5 minutes; an estimate, not measured).
     */
    public static final long READ_BATCH_OBJECTS = 10_000;
    /** At most this many bytes are read back per invocation (16 GiB: 10 minutes at about 28 MB/s; an estimate). */
    public static final long READ_BATCH_BYTES = 16L << 30;

    private final StepServices services;

    public RollingVerifySteps(StepServices services) {
        this.services = services;
    }

    /**
     * Per repository: its kept generations (committed, not forgotten) and the subset after the one rolling
     * verification read last (in the latest generation's coverage, else in the newest older generation's that has
     * one; a subset whose read failed is not recorded, so it is read again until it passes); subset 1 when none was
     * read. Reads only.
     */
    public RollingVerifyPlan plan(RollingVerifyRequest request) {
        Location backup = Location.parse(request.backup());
        Generations generations = new Generations(services.storage());
        boolean all = request.repositories().isEmpty();
        List<String> names = all ? generations.repositories(backup) : request.repositories();
        List<RollingVerifyTarget> targets = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (String name : names) {
            BackupLayout layout = new BackupLayout(backup, name);
            List<GenerationId> ids = generations.list(layout);
            if (ids.isEmpty()) {
                if (!all) {
                    throw ErrorCode.NOT_FOUND.exception("no backup of repository '" + name + "' at " + backup
                            + " (no committed generation) to verify");
                }
                skipped.add(name + ": no committed generation");
                continue;
            }
            GenerationId latest = ids.get(ids.size() - 1);
            targets.add(new RollingVerifyTarget(request.backup(), name, latest.value(),
                    ids.stream().map(GenerationId::value).toList(), next(layout, ids, request.subsets()),
                    request.runId()));
        }
        return new RollingVerifyPlan(targets, skipped);
    }

    /** The subset after the newest recorded read of {@code t}, newest generation first; 1 when none. */
    private DataSubset next(BackupLayout layout, List<GenerationId> ids, int t) {
        for (int i = ids.size() - 1; i >= 0; i--) {
            Integer last = ReadCoverage.load(services.storage(), layout, ids.get(i)).lastRead(t);
            if (last != null && last <= t) {
                return new DataSubset(last % t + 1, t);
            }
        }
        return new DataSubset(1, t);
    }

    /**
     * Checks (part of) the target's kept generations against a listing of the backup, each backed-up object once (the
     * union of their inventories, merged in key order: {@link LiveSet}), and reads the subset's objects back (per
     * invocation at most {@link Settings#verifyBatchObjects()} objects checked, {@link #READ_BATCH_OBJECTS} objects
     * and {@link #READ_BATCH_BYTES} bytes read back; it stops only between keys). An object the backup lacks that only
     * generations forgotten since the plan reference is excused (a concurrent prune deleted it). When done and
     * nothing differed, records the read in the {@code checks.json} of every generation still kept (once per run).
     * Run again from the same checkpoint it gives the same progress.
     */
    public ReadSubsetProgress read(ReadSubsetRequest request) {
        RollingVerifyTarget target = request.target();
        BackupLayout layout = new BackupLayout(Location.parse(target.backup()), target.repository());
        RollingCheckpoint from = request.checkpoint() == null ? RollingCheckpoint.START : request.checkpoint();
        Generations generations = new Generations(services.storage());
        List<GenerationId> ids = target.generations().stream().map(GenerationId::new).toList();
        Set<GenerationId> kept = new HashSet<>(generations.list(layout));
        if (ids.stream().noneMatch(kept::contains)) {
            return skipped(target, from);
        }
        List<LiveSet.Source> sources = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            GenerationId id = ids.get(i);
            Manifest.InventoryRef inventory;
            try {
                inventory = generations.read(layout, id).inventory();
            } catch (LakeFsBackupException e) {
                if (kept.contains(id) && new HashSet<>(generations.list(layout)).contains(id)) {
                    throw e;
                }
                // forgotten since the plan and being removed by a prune: nothing of it is read
                inventory = new Manifest.InventoryRef(BackupLayout.inventoryPrefix(id), 0, 0, 0);
            }
            sources.add(new LiveSet.Source(id.value(), inventory, i < from.positions().size()
                    ? from.positions().get(i) : 0));
        }
        long budget = services.settings().verifyBatchObjects();
        BackupVerifier verifier = new BackupVerifier(services.storage());
        BackupVerifier.Tally tally = new BackupVerifier.Tally();
        Location repoRoot = layout.repositoryRoot();
        String lastKey = from.lastKey();
        long checked = from.checked();
        long missing = from.missing();
        long mismatched = from.mismatched();
        long excused = from.excused();
        List<String> problems = new ArrayList<>(from.problems());
        Set<GenerationId> keptNow = null;
        long verified = 0;
        List<Integer> positions = null;
        try (LiveSet union = new LiveSet(services.storage(), layout, sources, from.lastKey());
             BackupVerifier.Held held = new BackupVerifier.Held(services.storage(), layout, from.lastKey())) {
            for (InventoryEntry e = union.peek(); e != null; e = union.peek()) {
                boolean spent = verified >= budget || tally.reads >= READ_BATCH_OBJECTS
                        || tally.readBytes >= READ_BATCH_BYTES;
                if (spent && !e.key().equals(lastKey)) {
                    positions = union.positions();
                    break;
                }
                union.next();
                verified++;
                checked++;
                lastKey = e.key();
                ObjectInfo actual = held.find(e);
                String problem = verifier.check(repoRoot, e, actual, target.subset(), tally);
                if (problem == null) {
                    continue;
                }
                if (actual == null) {
                    if (keptNow == null) {
                        keptNow = new HashSet<>(generations.list(layout));
                    }
                    Set<GenerationId> now = keptNow;
                    if (union.sourcesOfLast().stream().noneMatch(i -> now.contains(ids.get(i)))) {
                        excused++;
                        continue;
                    }
                    missing++;
                } else {
                    mismatched++;
                }
                if (problems.size() < VerifyCheckpoint.MAX_PROBLEMS) {
                    problems.add(problem);
                }
            }
        }
        long read = from.read() + tally.reads;
        if (tally.unchecked > 0) {
            LOG.warn("{} object(s) of {} have no recorded full-object checksum (inventory written before checksums "
                    + "were recorded, or a store that reported none): checked by size and ETag only",
                    tally.unchecked, target.repository());
        }
        RollingCheckpoint at = new RollingCheckpoint(lastKey, positions == null ? List.of() : positions, checked,
                read, missing, mismatched, excused, problems);
        if (positions != null) {
            return new ReadSubsetProgress(target, false, at, null);
        }
        if (excused > 0) {
            LOG.warn("{}: {} object(s) missing that only generations forgotten during the run reference (a "
                    + "concurrent prune deleted them): not failures", target.repository(), excused);
        }
        boolean ok = missing == 0 && mismatched == 0;
        GenerationId latest = new GenerationId(target.generation());
        ReadCoverage coverage = ReadCoverage.none();
        Set<GenerationId> stillKept = new HashSet<>(generations.list(layout));
        for (GenerationId id : ids) {
            if (!stillKept.contains(id)) {
                continue;
            }
            ReadCoverage c = ok ? ReadCoverage.record(services.storage(), layout, id, target.subset(),
                    services.clock().instant(), target.runId()) : ReadCoverage.load(services.storage(), layout, id);
            if (id.equals(latest)) {
                coverage = c;
            }
        }
        return new ReadSubsetProgress(target, true, at.withoutProblems(), new RollingVerifyEntry(target.repository(),
                target.generation(), ids.size(), target.subset().toString(), checked, read, missing, mismatched,
                excused, problems, coverage.read(target.subset().t()), coverage.lastFullPass(), null));
    }

    private static ReadSubsetProgress skipped(RollingVerifyTarget target, RollingCheckpoint at) {
        String why = "a retention policy forgot every generation of " + target.repository() + " it was to read "
                + target.generations() + " (a concurrent prune may remove their objects); not verified";
        LOG.warn("{}", why);
        return new ReadSubsetProgress(target, true, at.withoutProblems(), new RollingVerifyEntry(target.repository(),
                target.generation(), target.generations().size(), target.subset().toString(), at.checked(),
                at.read(), 0, 0, 0, List.of(), List.of(), null, why));
    }

    /**
     * Sums the entries up; VERIFICATION_FAILED naming the repositories, generations and (at most 100) keys when an
     * object was missing or differed.
     */
    public RollingVerifyResult finish(RollingVerifyFinish finish) {
        long checked = 0;
        long read = 0;
        List<String> failed = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (RollingVerifyEntry e : finish.entries()) {
            checked += e.checked();
            read += e.read();
            if (!e.ok()) {
                failed.add(e.repository() + " generation " + e.generation() + " (subset " + e.subset() + "): "
                        + e.missing() + " missing, " + e.mismatched() + " different");
                for (String p : e.problems()) {
                    if (keys.size() < VerifyCheckpoint.MAX_PROBLEMS) {
                        keys.add(e.repository() + ": " + p);
                    }
                }
            }
        }
        if (!failed.isEmpty()) {
            throw ErrorCode.VERIFICATION_FAILED.exception("rolling verification found objects missing or different "
                    + "in " + String.join("; ", failed) + "; " + String.join("; ", keys));
        }
        return new RollingVerifyResult(finish.entries(), finish.skipped(), checked, read);
    }
}
