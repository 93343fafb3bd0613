package org.lakefsbackup.core.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The report of one backup run, written beside the generation it committed ({@code generations/<id>/report.json},
 * and {@link #markdown()} as {@code report.md}); its JSON Schema is {@code $defs/backupReport} in
 * {@code docs/json-output.schema.json}. Everything in it comes from what the run's steps recorded in its scratch, so
 * every host (CLI, Step Functions, Durable Functions) writes the same report.
 *
 * @param formatVersion {@value #FORMAT_VERSION}
 * @param repository    the backed-up repository
 * @param generation    the generation the run committed
 * @param runId         the run's id (the execution name on Step Functions, the instance id on Durable Functions)
 * @param backup        the backup location
 * @param manifest      where the generation's manifest is
 * @param startedAt     when the run started (the generation id's time)
 * @param finishedAt    when the report was written, just before the manifest (the commit point)
 * @param durationMs    {@code finishedAt - startedAt}
 * @param objects       what the generation holds and what this run copied
 * @param refs          branches, tags and commits the generation records
 * @param phases        the run's phases in order, timed by when the step ending each one wrote its result to the
 *                      run's scratch (the backup store's modification times: to the second on S3)
 * @param uncommitted   branches with uncommitted changes the generation does not contain (empty after
 *                      {@code --commit})
 * @param refsMoved     branches or tags moved while the refs were dumped (the manifest records the heads after the
 *                      last dump)
 * @param warnings      every warning the run gave, as the manifest records them (uncommitted changes, objects outside
 *                      the storage namespace, refs that moved, an old lakeFS)
 */
public record BackupReport(int formatVersion, String repository, String generation, String runId, String backup,
                           String manifest, Instant startedAt, Instant finishedAt, long durationMs, Counts objects,
                           Refs refs, List<Phase> phases, List<Uncommitted> uncommitted, boolean refsMoved,
                           List<String> warnings) {
    public static final int FORMAT_VERSION = 1;

    public BackupReport {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(generation, "generation");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(objects, "objects");
        Objects.requireNonNull(refs, "refs");
        if (durationMs < 0) {
            throw new IllegalArgumentException("duration must not be negative: " + durationMs);
        }
        phases = List.copyOf(phases);
        uncommitted = List.copyOf(uncommitted);
        warnings = List.copyOf(warnings);
    }

    /**
     * Object counts.
     *
     * @param objects           objects the generation's inventory lists
     * @param bytes             their bytes
     * @param copiedObjects     objects this run copied
     * @param copiedBytes       their bytes
     * @param heldObjects       objects the backup held already (copied by earlier runs), not copied again
     * @param verifiedObjects   inventory entries the verify step checked against the backup store
     * @param copyChunks        copy steps the plan was split into
     */
    public record Counts(long objects, long bytes, long copiedObjects, long copiedBytes, long heldObjects,
                          long verifiedObjects, int copyChunks) {
        public Counts {
            if (objects < 0 || bytes < 0 || copiedObjects < 0 || copiedBytes < 0 || heldObjects < 0
                    || verifiedObjects < 0 || copyChunks < 0) {
                throw new IllegalArgumentException("report counts must not be negative");
            }
        }
    }

    /** What the generation records of the repository's refs. */
    public record Refs(int branches, int tags, long commits) {
    }

    /**
     * One phase of the run: {@code prepare} (lease, checks, committing uncommitted changes when asked), {@code dump},
     * {@code plan}, {@code copy}, {@code verify}, {@code commit}.
     */
    public record Phase(String name, Instant startedAt, Instant finishedAt, long durationMs) {
        public Phase {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(finishedAt, "finishedAt");
            if (durationMs < 0) {
                throw new IllegalArgumentException("phase duration must not be negative: " + durationMs);
            }
        }

        /** A phase between two instants; an end before the start (clock skew between hosts) counts as 0 ms. */
        public static Phase between(String name, Instant start, Instant end) {
            Instant finish = end.isBefore(start) ? start : end;
            return new Phase(name, start, finish, Duration.between(start, finish).toMillis());
        }
    }

    /** A branch whose uncommitted changes the generation does not contain. */
    public record Uncommitted(String branch, int changes, boolean more) {
    }

    /** The report as Markdown, for reading in a browser or a Markdown viewer. */
    public String markdown() {
        Markdown md = new Markdown().title("Backup of " + repository + ": generation " + generation);
        md.facts(List.of(
                new String[] {"repository", Markdown.code(repository)},
                new String[] {"generation", Markdown.code(generation)},
                new String[] {"run", Markdown.code(runId)},
                new String[] {"backup location", Markdown.code(backup)},
                new String[] {"manifest", Markdown.code(manifest)},
                new String[] {"started (UTC)", String.valueOf(startedAt)},
                new String[] {"finished (UTC)", String.valueOf(finishedAt)},
                new String[] {"duration", seconds(durationMs)}));
        md.section("Objects").table(new String[] {"what", "objects", "bytes"}, List.of(
                new String[] {"in the generation", count(objects.objects()), count(objects.bytes())},
                new String[] {"copied by this run", count(objects.copiedObjects()), count(objects.copiedBytes())},
                new String[] {"already held", count(objects.heldObjects()), ""},
                new String[] {"verified", count(objects.verifiedObjects()), ""}));
        md.facts(List.of(new String[] {"copy steps", count(objects.copyChunks())},
                new String[] {"branches", count(refs.branches())}, new String[] {"tags", count(refs.tags())},
                new String[] {"commits", count(refs.commits())}));
        List<String[]> rows = new ArrayList<>();
        for (Phase p : phases) {
            rows.add(new String[] {p.name(), String.valueOf(p.startedAt()), seconds(p.durationMs())});
        }
        md.section("Phases").table(new String[] {"phase", "started (UTC)", "duration"}, rows);
        if (!uncommitted.isEmpty()) {
            md.section("Uncommitted changes not backed up").table(new String[] {"branch", "changes"},
                    uncommitted.stream().map(u -> new String[] {Markdown.code(u.branch()),
                            u.changes() + (u.more() ? "+" : "")}).toList());
        }
        md.section("Warnings");
        if (warnings.isEmpty()) {
            md.paragraph("None.");
        } else {
            md.bullets(warnings);
        }
        return md.toString();
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
