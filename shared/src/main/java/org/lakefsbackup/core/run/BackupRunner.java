package org.lakefsbackup.core.run;

import java.util.List;
import org.lakefsbackup.core.copy.CopyPlan;
import org.lakefsbackup.core.copy.CopySummary;
import org.lakefsbackup.core.copy.ProgressListener;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.TaskLostException;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.step.BackupRequest;
import org.lakefsbackup.core.step.BackupRun;
import org.lakefsbackup.core.step.BackupSteps;
import org.lakefsbackup.core.step.CopyChunkRequest;
import org.lakefsbackup.core.step.GenerationResult;
import org.lakefsbackup.core.step.StepServices;
import org.lakefsbackup.core.step.TaskPoll;
import org.lakefsbackup.core.step.TaskRef;
import org.lakefsbackup.core.step.VerifyResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Chains the backup steps in-process, as the cloud workflows do: the CLI's engine. */
public final class BackupRunner {
    private static final Logger LOG = LoggerFactory.getLogger(BackupRunner.class);
    /** Everything a backup run did. */
    public record Outcome(BackupRun prepared, CopyPlan plan, CopySummary copy, VerifyResult verify,
                          GenerationResult generation, int dumpAttempts) {
        public List<String> warnings() {
            return generation.warnings();
        }
    }

    private final BackupSteps steps;
    private final StepRunner runner;
    private final RunPolicy policy;
    private final ProgressListener progress;
    private final java.time.Clock clock;

    public BackupRunner(StepServices services, RunPolicy policy, ProgressListener progress) {
        this(services, policy, progress, d -> Thread.sleep(d.toMillis()));
    }

    BackupRunner(StepServices services, RunPolicy policy, ProgressListener progress, StepRunner.Sleeper sleeper) {
        this.steps = new BackupSteps(services);
        this.policy = policy;
        this.runner = new StepRunner(policy, sleeper, progress);
        this.progress = progress;
        this.clock = services.clock();
    }

    public Outcome run(BackupRequest req) {
        BackupRequest request = req.runId() != null ? req : new BackupRequest(req.repository(), req.backup(),
                req.commitUncommitted(), GenerationId.create(clock.instant()).value());
        MDC.put("run", request.runId());
        try {
            BackupRun prepared = runner.step("prepare", () -> steps.prepare(request));
            BackupRun first = prepared;
            prepared = runner.step("commit-uncommitted", () -> steps.commitUncommitted(first));
            int attempts = 0;
            TaskPoll dump = null;
            do {
                attempts++;
                BackupRun p = prepared;
                TaskRef task = runner.step("submit-dump", () -> steps.submitDump(p.run()));
                try {
                    dump = runner.poll("poll-dump", () -> steps.pollDump(task), TaskPoll::done);
                } catch (TaskLostException e) {
                    if (attempts >= policy.dumpAttempts()) {
                        throw e;
                    }
                    LOG.warn("dump task {} was lost by lakeFS; submitting it again", task.taskId());
                }
            } while ((dump == null || !dump.consistent()) && attempts < policy.dumpAttempts());
            BackupRun p = prepared;
            CopyPlan plan = runner.step("plan", () -> steps.plan(p.run()));
            progress.copyPlanned(plan.copyObjects(), plan.copyBytes());
            CopySummary copy = copyAll(plan);
            VerifyResult verify = runner.step("verify", () -> steps.verify(p.run()));
            GenerationResult generation = runner.step("commit-generation", () -> steps.commitGeneration(p.run()));
            return new Outcome(prepared, plan, copy, verify, generation, attempts);
        } finally {
            MDC.remove("run");
        }
    }

    private CopySummary copyAll(CopyPlan plan) {
        return copyAll(runner, plan, progress, chunk -> steps.copyChunk(new CopyChunkRequest(plan, chunk), progress));
    }

    /** Runs every chunk of a plan; COPY_INCOMPLETE when objects still failed after their retries. */
    static CopySummary copyAll(StepRunner runner, CopyPlan plan, ProgressListener progress,
                               java.util.function.IntFunction<CopySummary> copyChunk) {
        progress.stepStarted("copy");
        CopySummary total = CopySummary.empty();
        for (int i = 0; i < plan.chunks(); i++) {
            int chunk = i;
            total = total.plus(runner.step("copy", () -> copyChunk.apply(chunk)));
        }
        total.requireNoMismatch();
        if (total.failed() > 0) {
            throw ErrorCode.COPY_INCOMPLETE.exception(total.failed() + " object(s) could not be copied (run again to "
                    + "copy only what is missing); first: " + total.failures().stream().limit(5)
                    .map(f -> f.key() + ": " + f.message()).toList());
        }
        return total;
    }
}
