package org.lakefsbackup.core.step;

import java.util.ArrayList;
import java.util.List;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.model.Manifest;
import org.lakefsbackup.core.store.Location;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of rolling deep verification ({@link org.lakefsbackup.core.workflow.RollingVerifyWorkflow}): plan (per
 * repository the latest generation and the next subset), read a subset back (resumable; records the coverage in the
 * generation's {@code checks.json}), finish (fails with VERIFICATION_FAILED naming the keys when anything differed).
 *
 * <p>They take no lease: reading does not conflict with a backup (a new generation only adds objects), and a
 * generation a retention policy forgets while it is read, whose objects a concurrent prune may delete, is reported
 * as skipped instead of failed (prune deletes only what no kept generation references, so a missing object of a
 * generation still kept is a real loss).
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
     * Per repository: its latest committed generation, and the subset after the one rolling verification read last
     * (in that generation's coverage, else in the newest older generation's that has one: the rotation goes on when
     * backups make new generations between runs; a subset whose read failed is not recorded, so it is read again
     * until it passes); subset 1 when none was read. Reads only.
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
                    next(layout, ids, request.subsets()), request.runId()));
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
     * Checks (part of) the target's generation against a listing of the backup and reads its subset back (per
     * invocation at most {@link Settings#verifyBatchObjects()} inventory entries, {@link #READ_BATCH_OBJECTS} objects
     * and {@link #READ_BATCH_BYTES} bytes read back). When done and nothing differed, records
     * the read in the generation's {@code checks.json} (once per run). Run again from the same checkpoint it gives
     * the same progress.
     */
    public ReadSubsetProgress read(ReadSubsetRequest request) {
        RollingVerifyTarget target = request.target();
        BackupLayout layout = new BackupLayout(Location.parse(target.backup()), target.repository());
        GenerationId id = new GenerationId(target.generation());
        VerifyCheckpoint from = request.checkpoint() == null ? VerifyCheckpoint.START : request.checkpoint();
        VerifyProgress progress;
        try {
            Manifest manifest = new Generations(services.storage()).read(layout, id);
            progress = new BackupVerifier(services.storage()).verify(layout, id.value(), manifest.inventory(),
                    target.subset(), from, services.settings().verifyBatchObjects(), READ_BATCH_OBJECTS,
                    READ_BATCH_BYTES);
        } catch (LakeFsBackupException e) {
            if (!stillKept(layout, id)) {
                return skipped(target, from, e.getMessage());
            }
            throw e;
        }
        if (!progress.done()) {
            return new ReadSubsetProgress(target, false, progress.checkpoint(), null);
        }
        VerifyResult result = progress.result();
        VerifyCheckpoint end = progress.checkpoint();
        if (!result.ok() && !stillKept(layout, id)) {
            return skipped(target, end, result.missing() + " missing, " + result.mismatched() + " different");
        }
        ReadCoverage coverage = result.ok()
                ? ReadCoverage.record(services.storage(), layout, id, target.subset(), services.clock().instant(),
                target.runId())
                : ReadCoverage.load(services.storage(), layout, id);
        return new ReadSubsetProgress(target, true, end.withoutProblems(), new RollingVerifyEntry(target.repository(),
                target.generation(), target.subset().toString(), result.checked(), end.read(), result.missing(),
                result.mismatched(), result.problems(), coverage.read(target.subset().t()), coverage.lastFullPass(),
                null));
    }

    /** Whether the generation is still committed and not forgotten. */
    private boolean stillKept(BackupLayout layout, GenerationId id) {
        return new Generations(services.storage()).list(layout).contains(id);
    }

    private static ReadSubsetProgress skipped(RollingVerifyTarget target, VerifyCheckpoint at, String found) {
        String why = "a retention policy forgot generation " + target.generation() + " while it was read (a "
                + "concurrent prune may remove its objects); not verified";
        LOG.warn("{} of {}: {} (found: {})", why, target.repository(), target.subset(), found);
        return new ReadSubsetProgress(target, true, at.withoutProblems(), new RollingVerifyEntry(target.repository(),
                target.generation(), target.subset().toString(), at.checked(), at.read(), 0, 0, List.of(), List.of(),
                null, why));
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
