package org.lakefsbackup.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.Manifest;
import java.time.Instant;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.step.BackupVerifier;
import org.lakefsbackup.core.step.DataSubset;
import org.lakefsbackup.core.step.ReadCoverage;
import org.lakefsbackup.core.step.Generations;
import org.lakefsbackup.core.step.RollingVerifyEntry;
import org.lakefsbackup.core.step.RollingVerifyRequest;
import org.lakefsbackup.core.step.RollingVerifyResult;
import org.lakefsbackup.core.step.Settings;
import org.lakefsbackup.core.step.VerifyResult;
import org.lakefsbackup.core.workflow.RollingVerifyWorkflow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code verify}: re-checks a generation in the backup store. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Re-check that the backup store holds every object of a generation with the recorded size "
                + "and ETag (exit code 3 when not).")
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    LakeFsBackupCommand top;

    @Mixin
    BackupSelection selection;

    @Option(names = "--generation", paramLabel = "ID", defaultValue = "latest", description = "default: latest")
    String generation;

    @Option(names = "--deep", description = "also read every object back and compare the checksum recorded at "
            + "backup time (a full pass)")
    boolean deep;

    @Option(names = "--read-data-subset", paramLabel = "n/t", description = "also read back subset n of t (restic's "
            + "rolling check): running 1/t to t/t, one per run, reads every object once; the generation's "
            + "checks.json records which subsets were read and when the last full pass ended (--deep records "
            + "nothing: it stays read-only)")
    String readDataSubset;

    @Option(names = "--rolling", paramLabel = "T", converter = Converters.Positive.class,
            description = "rolling deep verification of every kept generation: check every object they reference by "
                    + "listing, each once, and read back the next subset of T (the one after the subset a run read "
                    + "last, as checks.json records it; a subset that failed is read again until it passes), so T "
                    + "runs, e.g. one a day, read every object once; records the read in the generations' "
                    + "checks.json. The same workflow the cloud schedules run")
    Integer rolling;

    /**
     * The {@code --json} result; {@code problems} names at most 100 keys; {@code read_data_subset} and
     * {@code coverage} (what rolling verification has read of the generation) with {@code --read-data-subset} and
     * {@code --rolling}; with {@code --rolling} also {@code rolling}, {@code read} (objects read back by checksum)
     * and {@code skipped} (why the generation was not verified after all).
     */
    record Summary(String repository, String generation, boolean deep, String readDataSubset, boolean verified,
                   long checked, long missing, long mismatched, List<String> problems, ReadCoverage coverage,
                   Boolean rolling, Long read, String skipped) {
        Summary(String repository, String generation, boolean deep, String readDataSubset, boolean verified,
                long checked, long missing, long mismatched, List<String> problems, ReadCoverage coverage) {
            this(repository, generation, deep, readDataSubset, verified, checked, missing, mismatched, problems,
                    coverage, null, null, null);
        }
    }

    @Override
    public Integer call() {
        if (rolling != null) {
            return rolling();
        }
        BackupLayout layout = selection.layout();
        try (var storage = CliContext.storage(top)) {
            if (deep && readDataSubset != null) {
                throw ErrorCode.INVALID_INPUT.exception("give --deep (every object) or --read-data-subset (a part), "
                        + "not both");
            }
            DataSubset subset = deep ? DataSubset.ALL : readDataSubset == null ? null
                    : DataSubset.parse(readDataSubset);
            Manifest m = new Generations(storage).load(layout, generation);
            VerifyResult r = new BackupVerifier(storage).verify(layout, m.generation(), m.inventory(), subset);
            ReadCoverage coverage = readDataSubset == null ? null : coverage(storage, layout, r, subset);
            top.console.result(new Summary(selection.repository, r.generation(), deep, readDataSubset == null ? null
                    : subset.toString(), r.ok(), r.checked(), r.missing(), r.mismatched(), r.problems(), coverage),
                    r.ok() ? "generation " + r.generation() + " verified: " + r.checked() + " objects"
                    + (coverage == null || subset.t() == 1 ? "" : "; read back subset " + subset + " (subsets of "
                    + subset.t() + " read since the last full pass: " + coverage.read(subset.t()) + ")")
                    + (coverage == null || coverage.lastFullPass() == null ? ""
                    : "; last full read-back pass ended " + coverage.lastFullPass())
                    : "generation " + r.generation() + ": " + r.missing() + " missing, " + r.mismatched()
                    + " different of " + r.checked() + "\n  " + String.join("\n  ", r.problems()));
            if (!r.ok()) {
                return top.console.failed(null, ErrorCode.VERIFICATION_FAILED.exception("generation "
                        + r.generation() + " of " + selection.repository + " does not match its inventory: "
                        + r.missing() + " missing, " + r.mismatched() + " different"
                        + (r.problems().isEmpty() ? "" : " (first: " + r.problems().get(0) + ")")));
            }
            return ExitCodes.OK;
        }
    }

    /** {@code --rolling T}: the rolling verification workflow for this repository, in-process. */
    private int rolling() {
        if (deep || readDataSubset != null || !"latest".equals(generation)) {
            throw ErrorCode.INVALID_INPUT.exception("--rolling reads the next subset of every kept generation: give "
                    + "it without --deep, --read-data-subset and --generation");
        }
        try (var storage = CliContext.storage(top)) {
            RollingVerifyResult result = LocalRun.run(CliContext.storesOnly(storage, org.lakefsbackup.core.config
                    .BackupConfig.settings(top.env, Settings.defaults())), top.console.progress(selection.repository),
                    new RollingVerifyWorkflow(), new RollingVerifyRequest(selection.backup,
                            List.of(selection.repository), rolling, null)).result();
            RollingVerifyEntry e = result.entries().get(0);
            ReadCoverage coverage = e.skipped() != null ? null : ReadCoverage.load(storage, selection.layout(),
                    new GenerationId(e.generation()));
            top.console.result(new Summary(e.repository(), e.generation(), false, e.subset(), e.skipped() == null,
                    e.checked(), e.missing(), e.mismatched(), e.problems(), coverage, true, e.read(), e.skipped()),
                    e.skipped() != null ? "generation " + e.generation() + " of " + e.repository()
                    + " not verified: " + e.skipped()
                    : e.generations() + " kept generation(s) up to " + e.generation() + " verified: " + e.checked()
                    + " objects by listing; read back subset " + e.subset() + ": " + e.read() + " objects by "
                    + "checksum (subsets of " + rolling + " read of the latest generation since its last full pass: "
                    + e.passRead() + ")"
                    + (e.excused() == 0 ? "" : "; " + e.excused() + " object(s) missing that only generations "
                    + "forgotten during the run referenced (a concurrent prune): not failures")
                    + (e.lastFullPass() == null ? "" : "; last full read-back pass ended " + e.lastFullPass()));
            return ExitCodes.OK;
        }
    }

    /**
     * Records a rolling verification that found nothing wrong in the generation's {@code checks.json} and returns
     * the coverage; after a problem, returns what was recorded before. A location this run may not write to (a
     * read-only role) keeps the verification's result: a warning says the coverage was not recorded.
     */
    private ReadCoverage coverage(org.lakefsbackup.core.store.Storage storage, BackupLayout layout, VerifyResult r,
                                  DataSubset subset) {
        GenerationId id = new GenerationId(r.generation());
        if (!r.ok()) {
            return ReadCoverage.load(storage, layout, id);
        }
        try {
            return ReadCoverage.record(storage, layout, id, subset, Instant.now());
        } catch (org.lakefsbackup.core.error.LakeFsBackupException e) {
            top.console.warn("subset " + subset + " of generation " + r.generation() + " was read back without a "
                    + "problem, but the coverage could not be recorded: " + e.getMessage());
            return null;
        }
    }
}
