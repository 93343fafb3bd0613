package org.lakefsbackup.core.step;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.lakefsbackup.core.copy.CopyPlan;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.model.Manifest;
import org.lakefsbackup.core.report.BackupReport;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.ObjectStore;
import org.lakefsbackup.core.store.Storage;

/**
 * Assembles and writes a backup run's report ({@link BackupReport}) from what its steps left in its scratch: the
 * documents the commit step reads anyway and one listing of the scratch, whose modification times say when each
 * phase ended. Writes {@code report.json} create-only (a retried commit keeps the first) and its rendering
 * {@code report.md} beside the generation: two requests per run.
 */
final class BackupReporting {
    /** Scratch documents the verify step writes: everything else in the scratch was written by the copy or earlier. */
    private static final Set<String> VERIFY_DOCUMENTS = Set.of("verify.json", "verify-progress.json");

    private BackupReporting() {
    }

    /** The scratch documents a finished run left, as the commit step read them. */
    record Finished(BackupRun prepared, DumpResult dump, CopyPlan plan, VerifyResult verified) {
    }

    /** Assembles the report of a run about to commit {@code manifest}. */
    static BackupReport assemble(RunRef run, Manifest manifest, Location manifestLocation, Finished done,
                                 List<ObjectInfo> scratch, Instant now) {
        GenerationId generation = new GenerationId(run.runId());
        Instant started = generation.time();
        Map<String, Instant> modified = scratch.stream().filter(o -> o.lastModified() != null)
                .collect(Collectors.toMap(ObjectInfo::key, ObjectInfo::lastModified, (a, b) -> a.isAfter(b) ? a : b));
        Instant copied = scratch.stream().filter(o -> o.lastModified() != null && !VERIFY_DOCUMENTS.contains(o.key()))
                .map(ObjectInfo::lastModified).max(Instant::compareTo).orElse(null);
        List<BackupReport.Phase> phases = new ArrayList<>();
        Instant at = started;
        at = phase(phases, "prepare", at, modified.get("prepared.json"));
        at = phase(phases, "dump", at, modified.get("dump.json"));
        at = phase(phases, "plan", at, modified.get(ResumablePlan.PLAN));
        at = phase(phases, "copy", at, copied);
        at = phase(phases, "verify", at, modified.get("verify.json"));
        phase(phases, "commit", at, now);
        CopyPlan plan = done.plan();
        BackupReport.Counts counts = new BackupReport.Counts(plan.totalObjects(), plan.totalBytes(),
                plan.copyObjects(), plan.copyBytes(), Math.max(0, plan.totalObjects() - plan.copyObjects()),
                done.verified().checked(), plan.chunks());
        List<BackupReport.Uncommitted> uncommitted = manifest.uncommitted().stream()
                .map(u -> new BackupReport.Uncommitted(u.branch(), u.changes(), u.more())).toList();
        Instant finished = now.isBefore(started) ? started : now;
        return new BackupReport(BackupReport.FORMAT_VERSION, run.repository(), generation.value(), run.runId(),
                run.backupLocation().toString(), manifestLocation.toString(), started, finished,
                java.time.Duration.between(started, finished).toMillis(), counts,
                new BackupReport.Refs(manifest.branches().size(), manifest.tags().size(), manifest.commitCount()),
                phases, uncommitted, !done.dump().consistent(), manifest.warnings());
    }

    /** Writes the report beside its generation; a report already there (a retried commit) is kept. */
    static Location write(Storage storage, RunRef run, BackupReport report) {
        GenerationId generation = new GenerationId(report.generation());
        Location json = run.layout().report(generation, "json");
        ObjectStore store = storage.storeFor(json);
        BackupReport stored = report;
        if (!store.putIfAbsent(json, Json.write(report))) {
            stored = store.get(json).map(b -> Json.read(b, BackupReport.class, ErrorCode.INVALID_MANIFEST,
                    json.toString())).orElse(report);
        }
        store.put(run.layout().report(generation, "md"), stored.markdown().getBytes(StandardCharsets.UTF_8));
        return json;
    }

    /** Adds the phase from {@code start} to {@code end} (when known) and returns where the next one starts. */
    private static Instant phase(List<BackupReport.Phase> phases, String name, Instant start, Instant end) {
        if (end == null) {
            return start;
        }
        BackupReport.Phase p = BackupReport.Phase.between(name, start, end);
        phases.add(p);
        return p.finishedAt();
    }
}
