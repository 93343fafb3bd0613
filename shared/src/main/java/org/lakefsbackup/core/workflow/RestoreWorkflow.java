package org.lakefsbackup.core.workflow;

import static org.lakefsbackup.core.step.StepCatalog.APPLY_SETTINGS;
import static org.lakefsbackup.core.step.StepCatalog.CLEANUP_RESTORE;
import static org.lakefsbackup.core.step.StepCatalog.CREATE_BARE_REPOSITORY;
import static org.lakefsbackup.core.step.StepCatalog.FINISH_RESTORE;
import static org.lakefsbackup.core.step.StepCatalog.PLAN_RESTORE;
import static org.lakefsbackup.core.step.StepCatalog.POLL_RESTORE;
import static org.lakefsbackup.core.step.StepCatalog.PREPARE_RESTORE;
import static org.lakefsbackup.core.step.StepCatalog.RESET_RESTORE_TARGET;
import static org.lakefsbackup.core.step.StepCatalog.SUBMIT_RESTORE;
import static org.lakefsbackup.core.step.StepCatalog.VERIFY_RESTORE;

import org.lakefsbackup.core.copy.CopyPlan;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.step.ResetRequest;
import org.lakefsbackup.core.step.RestorePlanRequest;
import org.lakefsbackup.core.step.RestorePoll;
import org.lakefsbackup.core.step.RestoreRequest;
import org.lakefsbackup.core.step.RestoreRun;
import org.lakefsbackup.core.step.RestoreTask;
import org.lakefsbackup.core.step.RestoreVerification;
import org.lakefsbackup.core.step.TaskState;

/**
 * The restore workflow (disaster recovery, clone, migration), the one definition every host runs
 * ({@code statemachines/restore.asl.json} is its Step Functions rendering): prepare (takes the target's lease;
 * resumes an unfinished run of the same restore), create the bare repository, plan (resumable loop), copy (fan-out),
 * restore refs (a submitted task is polled, never submitted twice; when it failed, was lost or went stale, a target
 * this run created is reset and the restore submitted again, at most {@value #MAX_REFS_ATTEMPTS} times), re-apply
 * settings, verify, finish (releases the lease). On a failure after prepare, clean-up deletes only a still-bare
 * repository this run created and releases the lease; restored refs stay for a re-run to finish.
 */
public final class RestoreWorkflow implements Workflow<RestoreRequest, RestoreVerification> {
    /** Refs restore submissions per run. */
    public static final int MAX_REFS_ATTEMPTS = 3;

    @Override
    public String name() {
        return "restore";
    }

    @Override
    public Class<RestoreRequest> inputType() {
        return RestoreRequest.class;
    }

    @Override
    public Class<RestoreVerification> outputType() {
        return RestoreVerification.class;
    }

    @Override
    public RestoreVerification run(WorkflowContext ctx, RestoreRequest request) {
        RestoreRun restore = ctx.call(PREPARE_RESTORE, request.started("restore-" + ctx.newId()));
        if (restore.finished()) {
            return ctx.call(FINISH_RESTORE, restore);
        }
        try {
            RestoreRun run = ctx.call(CREATE_BARE_REPOSITORY, restore);
            CopyPlan plan = CopyFanOut.plan(ctx, PLAN_RESTORE, resume -> new RestorePlanRequest(run, resume));
            CopyFanOut.copy(ctx, plan, run.run());
            restoreRefs(ctx, run);
            ctx.call(APPLY_SETTINGS, run);
            ctx.call(VERIFY_RESTORE, run);
            return ctx.call(FINISH_RESTORE, run);
        } catch (LakeFsBackupException e) {
            try {
                ctx.call(CLEANUP_RESTORE, restore);
            } catch (LakeFsBackupException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private static void restoreRefs(WorkflowContext ctx, RestoreRun run) {
        for (int attempt = 1; ; attempt++) {
            RestoreTask task = ctx.call(SUBMIT_RESTORE, run);
            RestorePoll poll = ctx.call(POLL_RESTORE, task);
            for (int polls = 1; poll.state() == TaskState.RUNNING; polls++) {
                ctx.sleep(CopyFanOut.pollWait(polls));
                poll = ctx.call(POLL_RESTORE, task);
            }
            if (poll.state() == TaskState.DONE) {
                return;
            }
            if (attempt >= MAX_REFS_ATTEMPTS) {
                throw ErrorCode.TASK_FAILED.exception("restoring the refs of generation " + run.generation() + " into "
                        + run.targetRepository() + " failed " + attempt + " times; last: " + poll.error());
            }
            ctx.call(RESET_RESTORE_TARGET, new ResetRequest(run, poll.error()));
        }
    }
}
