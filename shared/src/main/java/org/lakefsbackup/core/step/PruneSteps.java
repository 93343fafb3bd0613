package org.lakefsbackup.core.step;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.lease.Lease;
import org.lakefsbackup.core.lease.Leases;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.model.JsonLinesChunks;
import org.lakefsbackup.core.model.Manifest;
import org.lakefsbackup.core.prune.Candidate;
import org.lakefsbackup.core.prune.Deleter;
import org.lakefsbackup.core.prune.LiveSet;
import org.lakefsbackup.core.prune.LockedObject;
import org.lakefsbackup.core.prune.PruneCheckpoint;
import org.lakefsbackup.core.prune.PrunePlanner;
import org.lakefsbackup.core.retention.Retention;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prune steps, in the prune workflow's order ({@link org.lakefsbackup.core.workflow.PruneWorkflow}):
 * {@link #prepare} (takes the repository's lease), {@link #forget} (marks what a policy no longer keeps),
 * {@link #plan} (until done: what no kept generation references), {@link #delete} (until done), {@link #removeForgotten}
 * (the forgotten generations' own files), {@link #finish} (releases the lease); on failure {@link #abandon}.
 *
 * <p>Safe at every point: only objects no kept generation references are candidates, the kept set is fixed when the
 * plan starts and the lease keeps backups and restores of this name out until the run ends; a forgotten generation
 * stays marked until its manifest is gone, and its manifest goes after everything else of it. So a run killed
 * anywhere leaves every kept generation restorable, and the next run finds what is left by listing the backup again.
 * Restores from this repository into other names hold those names' leases: the generations they copy are kept, and
 * deletes stop when one starts on a generation this run does not keep.
 */
public final class PruneSteps {
    private static final Logger LOG = LoggerFactory.getLogger(PruneSteps.class);
    static final String PLAN_PROGRESS = "prune-plan-progress.json";
    static final String PLAN = "prune-plan.json";
    static final String DELETE_PROGRESS = "prune-delete-progress.json";
    static final String CANDIDATES = "prune";

    private final StepServices services;

    public PruneSteps(StepServices services) {
        this.services = services;
    }

    /** The marker a forgotten generation carries ({@code generations/<id>/forgotten.json}). */
    public record ForgottenMarker(Instant forgottenAt, String runId, String policy) {
    }

    /**
     * Takes the repository's lease (not in a dry run), checks there is something to prune against (a committed
     * generation) and finds the generations unfinished restores into other names are copying: those whose
     * restore record is unfinished and whose target name's lease that restore run holds.
     */
    public PruneRun prepare(PruneRequest request) {
        if (request.runId() == null) {
            throw ErrorCode.INVALID_INPUT.exception("a prune run needs a run id");
        }
        Location backup = Location.parse(request.backup());
        RunRef run = new RunRef(request.backup(), request.repository(), request.runId());
        Leases leases = services.leases();
        if (!request.dryRun()) {
            leases.acquire(backup, request.repository(), request.kind(), run.runId(), run.owner(),
                    request.kind() + " of " + request.repository() + "'s backup", request.breakLease());
        }
        try {
            BackupLayout layout = run.layout();
            if (new Generations(services.storage()).list(layout).isEmpty()) {
                throw ErrorCode.NOT_FOUND.exception("no committed generation of '" + request.repository() + "' at "
                        + backup + ": nothing to keep, so nothing is forgotten or pruned");
            }
            List<ProtectedGeneration> protectedGenerations = protectedByRestores(layout);
            protectedGenerations.forEach(p -> LOG.info("generation {} of {} is kept: restore run {} into {} is copying"
                    + " it", p.generation(), request.repository(), p.runId(), p.targetRepository()));
            return new PruneRun(run, request.policy(), request.prune(), request.dryRun(), protectedGenerations);
        } catch (RuntimeException e) {
            if (!request.dryRun()) {
                leases.release(backup, request.repository(), run.owner());
            }
            throw e;
        }
    }

    /**
     * Applies the run's policy to the repository's backups (each listed generation and each of its still-current
     * marks) and marks every generation it no longer keeps as forgotten, create-only, beside its manifest (nothing
     * is deleted here). In a dry run nothing is written.
     */
    public ForgetResult forget(PruneRun run) {
        if (run.policy() == null) {
            throw ErrorCode.INVALID_INPUT.exception("forget needs a retention policy");
        }
        BackupLayout layout = run.ref().layout();
        List<Generations.Entry> history = new Generations(services.storage()).history(layout);
        List<Retention.Snapshot> snapshots = new ArrayList<>();
        int alreadyForgotten = 0;
        for (Generations.Entry e : history) {
            if (e.committed() && e.forgotten()) {
                alreadyForgotten++;
            }
            if (!e.listed()) {
                continue;
            }
            snapshots.add(new Retention.Snapshot(e.id().value(), e.id().time()));
            e.stillCurrent().forEach(m -> snapshots.add(new Retention.Snapshot(e.id().value(), m.time())));
        }
        Retention.Decision decision = Retention.apply(run.policy(), snapshots, services.clock().instant());
        if (!run.dryRun()) {
            byte[] marker = Json.write(new ForgottenMarker(services.clock().instant(), run.ref().runId(),
                    run.policy().describe()));
            for (String g : decision.forgotten()) {
                Location at = layout.forgotten(new GenerationId(g));
                services.storage().storeFor(at).putIfAbsent(at, marker);
            }
        }
        LOG.info("{} {}: {} {} of {} generation(s) ({} backups) by {}; keeps {}", run.dryRun() ? "would forget"
                        : "forgot", layout.repository(), decision.forgotten().size(), decision.forgotten(),
                decision.kept().size() + decision.forgotten().size(), snapshots.size(), run.policy().describe(),
                decision.kept().stream().map(Retention.Kept::generation).toList());
        return new ForgetResult(decision.kept(), decision.forgotten(), alreadyForgotten, snapshots.size());
    }

    /** Plans (part of) the prune with the settings' budget: call again with {@code resume} until done. */
    public PrunePlanProgress plan(PrunePlanRequest request) {
        return plan(request, services.settings().planBatchObjects());
    }

    /**
     * Plans (part of) the prune: from scratch, or ({@code resume}) from the checkpoint in the run's scratch; stops
     * after about {@code maxObjects} merged objects and inventory lines. The kept generations (listed ones not being
     * forgotten, and those live restores copy) are fixed by the first invocation. A dry run plans in one invocation
     * and writes nothing.
     */
    public PrunePlanProgress plan(PrunePlanRequest request, long maxObjects) {
        PruneRun run = request.prune();
        BackupLayout layout = run.ref().layout();
        RunScratch scratch = new RunScratch(services.storage(), run.ref());
        Generations generations = new Generations(services.storage());
        PruneCheckpoint from = PruneCheckpoint.start();
        List<String> kept;
        if (request.resume() && !run.dryRun()) {
            PrunePlanProgress previous = scratch.require(PLAN_PROGRESS, PrunePlanProgress.class,
                    "run the prune plan step without resume first");
            if (previous.done()) {
                return previous;
            }
            from = previous.checkpoint();
            kept = previous.kept();
        } else {
            kept = kept(generations.history(layout), run, request.forgetting());
        }
        List<LiveSet.Source> sources = new ArrayList<>();
        for (String id : kept) {
            Manifest m = generations.read(layout, new GenerationId(id));
            sources.add(new LiveSet.Source(id, m.inventory(), 0));
        }
        PrunePlanner.Progress p = new PrunePlanner(services.storage(), services.settings().copyChunkSize()).plan(
                layout, sources, from, run.dryRun() ? Long.MAX_VALUE : maxObjects,
                run.dryRun() ? null : scratch.location(CANDIDATES));
        PrunePlanProgress progress;
        if (p.done()) {
            List<String> remove = remove(generations.history(layout), run, kept, request.forgetting());
            PrunePlan plan = new PrunePlan(kept, remove, p.checkpoint(), p.checkpoint().chunks());
            progress = new PrunePlanProgress(true, p.checkpoint(), kept, plan);
            if (!run.dryRun()) {
                scratch.write(PLAN, plan);
            }
        } else {
            progress = new PrunePlanProgress(false, p.checkpoint(), kept, null);
        }
        if (!run.dryRun()) {
            scratch.write(PLAN_PROGRESS, progress);
        }
        return progress;
    }

    /** Listed generations not being forgotten, and those live restores copy: oldest first. Never empty. */
    private static List<String> kept(List<Generations.Entry> history, PruneRun run, List<String> forgetting) {
        List<String> kept = new ArrayList<>();
        for (Generations.Entry e : history) {
            String id = e.id().value();
            if (e.committed() && (e.listed() && !forgetting.contains(id) || run.isProtected(id))) {
                kept.add(id);
            }
        }
        if (kept.isEmpty()) {
            throw ErrorCode.NOT_FOUND.exception("no generation of '" + run.ref().repository() + "' would be kept: "
                    + "refusing to prune against nothing");
        }
        return kept;
    }

    /** Forgotten (or being forgotten) generations nobody keeps, and leftovers of earlier removals: oldest first. */
    private static List<String> remove(List<Generations.Entry> history, PruneRun run, List<String> kept,
                                       List<String> forgetting) {
        List<String> remove = new ArrayList<>();
        for (Generations.Entry e : history) {
            String id = e.id().value();
            boolean forgotten = e.forgotten() || e.committed() && forgetting.contains(id);
            if (forgotten && !kept.contains(id) && !run.isProtected(id)) {
                remove.add(id);
            }
        }
        return remove;
    }

    /** Deletes (part of) the planned candidates with the settings' budget: call again with {@code resume}. */
    public DeleteProgress delete(DeleteRequest request) {
        return delete(request, services.settings().deleteBatchObjects());
    }

    /**
     * Deletes the planned candidates from the start, or ({@code resume}) from where the previous invocation stopped,
     * at most {@code maxObjects} of them, {@code copyConcurrency} at a time; locked objects are skipped and reported.
     * Before deleting, looks again for restores: one that started copying a generation this run does not keep stops
     * it (CONFLICT). Running it again deletes nothing twice.
     */
    public DeleteProgress delete(DeleteRequest request, long maxObjects) {
        PruneRun run = request.prune();
        if (run.dryRun()) {
            throw ErrorCode.INVALID_INPUT.exception("a dry run deletes nothing");
        }
        if (maxObjects < 1) {
            throw ErrorCode.INVALID_INPUT.exception("the delete budget must be at least 1 object, was " + maxObjects);
        }
        RunScratch scratch = new RunScratch(services.storage(), run.ref());
        PrunePlan plan = scratch.require(PLAN, PrunePlan.class, "run the prune plan step first");
        DeleteProgress from = DeleteProgress.start();
        if (request.resume()) {
            from = scratch.require(DELETE_PROGRESS, DeleteProgress.class, "run the delete step without resume first");
            if (from.done()) {
                return from;
            }
        }
        BackupLayout layout = run.ref().layout();
        requireNoNewRestores(run, plan);
        Deleter deleter = new Deleter(services.storage(), services.clock(), services.settings().copyConcurrency());
        Location candidates = scratch.location(CANDIDATES);
        int chunk = from.chunk();
        int offset = from.offset();
        long deleted = from.deleted();
        long deletedBytes = from.deletedBytes();
        long locked = from.locked();
        long lockedBytes = from.lockedBytes();
        List<LockedObject> sample = new ArrayList<>(from.lockedSample());
        long budget = maxObjects;
        while (chunk < plan.chunks() && budget > 0) {
            List<Candidate> all = JsonLinesChunks.readChunk(services.storage(), candidates, chunk, Candidate.class);
            int end = (int) Math.min(all.size(), offset + budget);
            List<Candidate> batch = offset < end ? all.subList(offset, end) : List.of();
            for (Deleter.Outcome o : deleter.delete(layout.repositoryRoot(), batch)) {
                if (o.deleted()) {
                    deleted++;
                    deletedBytes += o.candidate().size();
                } else {
                    locked++;
                    lockedBytes += o.candidate().size();
                    if (sample.size() < DeleteProgress.SAMPLE) {
                        sample.add(o.locked());
                    }
                }
            }
            budget -= batch.size();
            offset = end;
            if (offset >= all.size()) {
                chunk++;
                offset = 0;
            }
        }
        boolean done = chunk >= plan.chunks();
        DeleteProgress progress = new DeleteProgress(done, chunk, offset, deleted, deletedBytes, locked, lockedBytes,
                sample);
        scratch.write(DELETE_PROGRESS, progress);
        LOG.info("{} {} unreferenced object(s) of {} ({} bytes) so far{}{}", done ? "deleted" : "deleting", deleted,
                layout.repository(), deletedBytes, locked > 0 ? "; " + locked + " locked, left" : "",
                done ? "" : "; continuing later");
        return progress;
    }

    /**
     * Removes the files of the forgotten generations the plan named: everything but the manifest and the forgotten
     * marker first, then the manifest, then the marker, so a generation is never half there without being marked
     * forgotten. A generation with a locked file is left as it is (forgotten; a later prune removes it).
     */
    public RemovedGenerations removeForgotten(PruneRun run) {
        if (run.dryRun()) {
            throw ErrorCode.INVALID_INPUT.exception("a dry run removes nothing");
        }
        RunScratch scratch = new RunScratch(services.storage(), run.ref());
        PrunePlan plan = scratch.require(PLAN, PrunePlan.class, "run the prune plan step first");
        requireNoNewRestores(run, plan);
        BackupLayout layout = run.ref().layout();
        Deleter deleter = new Deleter(services.storage(), services.clock(), 1);
        List<String> removed = new ArrayList<>();
        List<String> left = new ArrayList<>();
        List<LockedObject> locked = new ArrayList<>();
        for (String id : plan.remove()) {
            Location dir = layout.generation(new GenerationId(id));
            ObjectStore store = services.storage().storeFor(dir);
            List<ObjectInfo> files;
            try (Stream<ObjectInfo> s = store.list(dir, null)) {
                files = s.toList();
            }
            List<LockedObject> lockedHere = new ArrayList<>();
            for (ObjectInfo f : files) {
                if (!f.key().equals("manifest.json") && !f.key().equals(BackupLayout.FORGOTTEN)) {
                    Optional.ofNullable(deleter.deleteUnlessLocked(dir.resolve(f.key()), name(id, f.key()), f.size()))
                            .ifPresent(lockedHere::add);
                }
            }
            for (String last : List.of("manifest.json", BackupLayout.FORGOTTEN)) {
                if (!lockedHere.isEmpty()) {
                    break;
                }
                Optional<ObjectInfo> f = files.stream().filter(o -> o.key().equals(last)).findFirst();
                if (f.isPresent()) {
                    Optional.ofNullable(deleter.deleteUnlessLocked(dir.resolve(last), name(id, last), f.get().size()))
                            .ifPresent(lockedHere::add);
                }
            }
            if (lockedHere.isEmpty()) {
                removed.add(id);
            } else {
                left.add(id);
                locked.addAll(lockedHere.subList(0, Math.min(lockedHere.size(), DeleteProgress.SAMPLE)));
            }
        }
        if (!removed.isEmpty() || !left.isEmpty()) {
            LOG.info("removed {} forgotten generation(s) of {}: {}{}", removed.size(), layout.repository(), removed,
                    left.isEmpty() ? "" : "; left " + left + " (locked files)");
        }
        return new RemovedGenerations(removed, left, locked);
    }

    private static String name(String generation, String file) {
        return "generations/" + generation + "/" + file;
    }

    /**
     * Ends the run: removes its scratch and releases the lease (neither in a dry run), and reports what the steps
     * did. Run again after that, it reports the same.
     */
    public PruneResult finish(FinishPruneRequest request) {
        PruneRun run = request.prune();
        if (!run.dryRun()) {
            end(run);
        }
        ForgetResult forget = request.forget();
        PrunePlan plan = request.plan();
        DeleteProgress deleted = request.deleted();
        PruneCheckpoint totals = plan == null ? PruneCheckpoint.start() : plan.totals();
        PruneResult result = new PruneResult(run.ref().repository(), run.ref().runId(), run.dryRun(),
                run.policy() == null ? null : run.policy().describe(), forget == null ? List.of() : forget.kept(),
                forget == null ? List.of() : forget.forgotten(), run.protectedGenerations(), totals.listed(),
                totals.live(), totals.missing(), totals.candidates(), totals.candidateBytes(),
                deleted == null ? 0 : deleted.deleted(), deleted == null ? 0 : deleted.deletedBytes(),
                deleted == null ? 0 : deleted.locked(), deleted == null ? 0 : deleted.lockedBytes(),
                deleted == null ? List.of() : deleted.lockedSample(),
                request.removed() == null ? List.of() : request.removed().removed(), totals.sample());
        if (run.prune()) {
            LOG.info("{} {}: {} of {} backed-up objects unreferenced ({} bytes){}", run.dryRun() ? "prune would free"
                    : "pruned", run.ref().repository(), result.candidates(), result.listed(), result.candidateBytes(),
                    run.dryRun() ? "" : "; deleted " + result.deleted() + " (" + result.deletedBytes() + " bytes), "
                    + result.locked() + " locked");
        }
        return result;
    }

    /** After a failure: removes the run's scratch and releases its lease (what it deleted stays deleted). */
    public Abandoned abandon(PruneRun run) {
        if (!run.dryRun()) {
            end(run);
        }
        LOG.info("abandoned prune run {} of {}", run.ref().runId(), run.ref().repository());
        return new Abandoned(run.ref().repository(), run.ref().runId());
    }

    private void end(PruneRun run) {
        new RunScratch(services.storage(), run.ref()).deleteAll();
        services.leases().release(run.ref().backupLocation(), run.ref().lease(), run.ref().owner());
    }

    /**
     * CONFLICT when an unfinished restore into another name is copying a generation the plan does not keep: it
     * started after the plan, and this run must not delete what it reads.
     */
    private void requireNoNewRestores(PruneRun run, PrunePlan plan) {
        for (ProtectedGeneration p : protectedByRestores(run.ref().layout())) {
            if (!plan.kept().contains(p.generation())) {
                throw ErrorCode.CONFLICT.exception("restore run " + p.runId() + " into '" + p.targetRepository()
                        + "' started copying generation " + p.generation() + " of '" + run.ref().repository()
                        + "', which this prune does not keep; prune again once that restore has ended");
            }
        }
    }

    /**
     * The generations unfinished restores are copying: a restore record without {@code completed_at} whose target
     * name's lease is live and held by that restore's run.
     */
    private List<ProtectedGeneration> protectedByRestores(BackupLayout layout) {
        Location restores = layout.restores();
        ObjectStore store = services.storage().storeFor(restores);
        List<String> records;
        try (Stream<ObjectInfo> s = store.list(restores, null)) {
            records = s.map(ObjectInfo::key).filter(k -> k.endsWith(".json") && k.indexOf('/') < 0).toList();
        }
        Leases leases = services.leases();
        Instant now = services.clock().instant();
        List<ProtectedGeneration> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String key : records) {
            Location at = restores.resolve(key);
            Optional<RestoreRecord> record = store.get(at).map(b -> Json.read(b, RestoreRecord.class,
                    ErrorCode.INVALID_MANIFEST, at.toString()));
            if (record.isEmpty() || record.get().finished()) {
                continue;
            }
            RestoreRecord r = record.get();
            Optional<Lease> lease = leases.read(layout.backupRoot(), r.targetRepository());
            if (lease.isPresent() && !lease.get().expired(now) && lease.get().runId().equals(r.runId())
                    && seen.add(r.generation() + "|" + r.runId())) {
                out.add(new ProtectedGeneration(r.generation(), r.targetRepository(), r.runId()));
            }
        }
        return out;
    }
}
