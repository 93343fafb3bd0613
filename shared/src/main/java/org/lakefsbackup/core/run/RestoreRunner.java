package org.lakefsbackup.core.run;

import org.lakefsbackup.core.copy.CopyPlan;
import org.lakefsbackup.core.copy.CopySummary;
import org.lakefsbackup.core.copy.ProgressListener;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.step.BackupSteps;
import org.lakefsbackup.core.step.CopyChunkRequest;
import org.lakefsbackup.core.step.RestoreRequest;
import org.lakefsbackup.core.step.RestoreRun;
import org.lakefsbackup.core.step.RestoreSteps;
import org.lakefsbackup.core.step.RestoreVerification;
import org.lakefsbackup.core.step.StepServices;
import org.lakefsbackup.core.step.TaskPoll;
import org.lakefsbackup.core.step.TaskRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Chains the restore steps in-process. On failure after the bare repository was created, it is removed again so
 * the restore can simply be re-run (copied objects stay and are not copied twice).
 */
public final class RestoreRunner {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreRunner.class);

    /** Everything a restore run did. */
    public record Outcome(RestoreRun run, CopyPlan plan, CopySummary copy, RestoreVerification verification) {
    }

    private final RestoreSteps steps;
    private final BackupSteps copySteps;
    private final StepRunner runner;
    private final ProgressListener progress;

    public RestoreRunner(StepServices services, RunPolicy policy, ProgressListener progress) {
        this(services, policy, progress, d -> Thread.sleep(d.toMillis()));
    }

    RestoreRunner(StepServices services, RunPolicy policy, ProgressListener progress, StepRunner.Sleeper sleeper) {
        this.steps = new RestoreSteps(services);
        this.copySteps = new BackupSteps(services);
        this.runner = new StepRunner(policy, sleeper, progress);
        this.progress = progress;
    }

    public Outcome run(RestoreRequest request) {
        RestoreRun run = runner.step("prepare", () -> steps.prepare(request));
        MDC.put("run", run.run().runId());
        try {
            runner.step("create-bare-repository", () -> steps.createBareRepository(run));
            try {
                CopyPlan plan = runner.step("plan", () -> steps.plan(run));
                progress.copyPlanned(plan.copyObjects(), plan.copyBytes());
                CopySummary copy = BackupRunner.copyAll(runner, plan, progress,
                        chunk -> copySteps.copyChunk(new CopyChunkRequest(plan, chunk), progress));
                TaskRef task = runner.step("submit-restore", () -> steps.submitRestore(run));
                runner.poll("poll-restore", () -> steps.pollRestore(run, task), TaskPoll::done);
                runner.step("apply-settings", () -> steps.applySettings(run));
                RestoreVerification verification = runner.step("verify", () -> steps.verify(run));
                return new Outcome(run, plan, copy, verification);
            } catch (LakeFsBackupException e) {
                try {
                    steps.cleanupFailedRestore(run);
                } catch (LakeFsBackupException cleanup) {
                    LOG.warn("could not remove the partially restored repository {}: {}", run.targetRepository(),
                            cleanup.getMessage());
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
        } finally {
            MDC.remove("run");
        }
    }
}
