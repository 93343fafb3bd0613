package org.lakefsbackup.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lakefsbackup.core.copy.ProgressListener;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.prune.LockedObject;
import org.lakefsbackup.core.retention.Retention;
import org.lakefsbackup.core.retention.RetentionPolicy;
import org.lakefsbackup.core.step.PruneAllRequest;
import org.lakefsbackup.core.step.PruneRequest;
import org.lakefsbackup.core.step.PruneResult;
import org.lakefsbackup.core.step.Settings;
import org.lakefsbackup.core.workflow.PruneAllResult;
import org.lakefsbackup.core.workflow.PruneAllWorkflow;
import org.lakefsbackup.core.workflow.PruneWorkflow;

/**
 * Runs the core's prune workflow (one repository) or prune-all workflow (several, or every one at the location) for
 * {@code forget} and {@code prune}, and prints what each repository's run did. Reaches the backup location only.
 */
final class PruneRuns {
    private PruneRuns() {
    }

    static int run(LakeFsBackupCommand top, String backup, List<String> repositories, RetentionPolicy policy,
                   boolean prune, boolean dryRun, boolean breakLease, Settings settings) {
        Console console = top.console;
        List<PruneResult> done = new ArrayList<>();
        List<ItemFailure> failed = new ArrayList<>();
        List<String> skipped = List.of();
        int exit = ExitCodes.OK;
        try (var storage = CliContext.storage(top)) {
            var services = CliContext.storesOnly(storage, settings);
            ProgressListener progress = console.progress(repositories.size() == 1 ? repositories.get(0)
                    : prune ? "prune" : "forget");
            if (repositories.size() == 1) {
                PruneResult r = LocalRun.run(services, progress, new PruneWorkflow(), new PruneRequest(backup,
                        repositories.get(0), policy, prune, dryRun, breakLease, null)).result();
                done.add(r);
                console.say(human(r, prune));
            } else {
                if (breakLease) {
                    throw ErrorCode.INVALID_INPUT.exception("--break-lease takes one repository: name the one whose "
                            + "lease holder you know is gone");
                }
                PruneAllResult all = LocalRun.run(services, progress, new PruneAllWorkflow(), new PruneAllRequest(
                        backup, repositories, policy, null, prune, dryRun)).result();
                skipped = all.skipped();
                for (PruneAllResult.Entry e : all.repositories()) {
                    if (e.failed()) {
                        LakeFsBackupException error = ErrorCode.forExceptionName(e.errorType())
                                .orElse(ErrorCode.INTERNAL).exception(e.error());
                        failed.add(ItemFailure.of(e.repository(), error));
                        exit = console.failed((prune ? "prune of " : "forget of ") + e.repository(), error);
                    } else {
                        done.add(e.result());
                        console.say(human(e.result(), prune));
                    }
                }
                skipped.forEach(s -> console.say("skipped " + s));
                if (all.repositories().isEmpty()) {
                    console.say("no repository's backup at " + backup + " to " + (prune ? "prune" : "forget from"));
                }
            }
        }
        console.result(new Result(dryRun, done, skipped, failed), null);
        return exit;
    }

    /** What one repository's run did, for people. */
    static String human(PruneResult r, boolean prune) {
        StringBuilder b = new StringBuilder();
        String would = r.dryRun() ? "would " : "";
        b.append(r.repository()).append(':');
        if (r.policy() != null) {
            b.append(String.format(Locale.ROOT, " %s %d generation(s)%s by %s; keeps %d", r.dryRun() ? "would forget"
                            : "forgot", r.forgotten().size(), r.forgotten().isEmpty() ? "" : " " + r.forgotten(),
                    r.policy(), r.kept().size()));
            for (Retention.Kept k : r.kept()) {
                b.append(String.format(Locale.ROOT, "%n  keep %s (%s)", k.generation(), String.join(", ",
                        k.reasons())));
            }
        }
        r.protectedGenerations().forEach(p -> b.append(String.format(Locale.ROOT, "%n  keep %s: restore run %s into "
                + "'%s' is copying it", p.generation(), p.runId(), p.targetRepository())));
        if (prune) {
            b.append(String.format(Locale.ROOT, "%n  %s %d of %d backed-up object(s) no kept generation references, "
                            + "freeing %s", r.dryRun() ? "would delete" : "deleted",
                    r.dryRun() ? r.candidates() : r.deleted(), r.listed(), ConsoleProgress.human(r.dryRun()
                            ? r.candidateBytes() : r.deletedBytes())));
            if (r.locked() > 0) {
                b.append(String.format(Locale.ROOT, "%n  left %d locked object(s) (%s), deleted by a later prune once "
                        + "their lock lapses:", r.locked(), ConsoleProgress.human(r.lockedBytes())));
                for (LockedObject l : r.lockedSample()) {
                    b.append(String.format(Locale.ROOT, "%n    %s: %s", l.stored(), l.lock()));
                }
            }
            if (!r.removedGenerations().isEmpty()) {
                b.append(String.format(Locale.ROOT, "%n  %sremoved forgotten generation(s) %s", would,
                        r.removedGenerations()));
            }
            if (r.missing() > 0) {
                b.append(String.format(Locale.ROOT, "%n  %d object(s) kept generations reference are missing from "
                        + "the backup: run verify", r.missing()));
            }
            if (r.dryRun() && !r.sample().isEmpty()) {
                b.append(String.format(Locale.ROOT, "%n  for example:"));
                r.sample().forEach(s -> b.append(String.format(Locale.ROOT, "%n    %s", s)));
            }
        }
        return b.toString();
    }

    /** The {@code --json} result: each repository's run, the repositories left out and why, and those that failed. */
    record Result(boolean dryRun, List<PruneResult> repositories, List<String> skipped, List<ItemFailure> failed) {
    }
}
