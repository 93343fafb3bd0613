package org.lakefsbackup.core.workflow;

import static org.lakefsbackup.core.step.StepCatalog.ABANDON_BACKUP;
import static org.lakefsbackup.core.step.StepCatalog.CHECK_UNCHANGED;
import static org.lakefsbackup.core.step.StepCatalog.CLAIM_EVENTS;
import static org.lakefsbackup.core.step.StepCatalog.COMMIT_GENERATION;
import static org.lakefsbackup.core.step.StepCatalog.COMMIT_UNCOMMITTED;
import static org.lakefsbackup.core.step.StepCatalog.PLAN_BACKUP;
import static org.lakefsbackup.core.step.StepCatalog.POLL_DUMP;
import static org.lakefsbackup.core.step.StepCatalog.PREPARE_BACKUP;
import static org.lakefsbackup.core.step.StepCatalog.SUBMIT_DUMP;
import static org.lakefsbackup.core.step.StepCatalog.VERIFY_BACKUP;

import org.lakefsbackup.core.copy.CopyPlan;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.step.BackupRequest;
import org.lakefsbackup.core.step.BackupRun;
import org.lakefsbackup.core.step.CommitRequest;
import org.lakefsbackup.core.step.DumpRequest;
import org.lakefsbackup.core.step.EventClaim;
import org.lakefsbackup.core.step.EventClaimRequest;
import org.lakefsbackup.core.step.GenerationResult;
import org.lakefsbackup.core.step.PlanRequest;
import org.lakefsbackup.core.step.RunRef;
import org.lakefsbackup.core.step.TaskPoll;
import org.lakefsbackup.core.step.TaskRef;
import org.lakefsbackup.core.step.TaskState;
import org.lakefsbackup.core.step.UnchangedCheck;
import org.lakefsbackup.core.step.UnchangedCheckRequest;
import org.lakefsbackup.core.step.VerifyProgress;
import org.lakefsbackup.core.step.VerifyRequest;

/**
 * The backup workflow, the one definition every host runs ({@code statemachines/backup.asl.json} is its Step
 * Functions rendering): prepare (takes the repository's lease; the run id comes from the host's execution, so a
 * retried prepare makes the same generation); when prepare found the latest generation's refs and settings
 * unchanged, compare the namespace with its inventory (resumable loop) and, if equal, end with a still-current mark
 * of that generation instead of a new one; commit uncommitted changes when asked, dump refs (submitted again
 * when the task is lost or stale, or when refs moved while it ran, at most {@value #MAX_DUMP_ATTEMPTS} times), plan
 * (resumable loop), copy (fan-out over the plan's chunks), verify (resumable loop), commit the generation. On any
 * failure after prepare the run is abandoned (scratch removed, lease released) and the failure propagates.
 * <p>Event-triggered backups ({@code docs/event-backups.md}): each run starts with {@code claim-events}, which takes
 * the lease (prepare trusts it: {@link BackupRequest#leased}) and consumes the pending lakeFS event marks (the dump comes later, so it covers them), and after a
 * committed generation claims again: marks written while it ran (their webhooks found the lease held) start one
 * follow-up run for all of them, at most {@value #MAX_FOLLOW_UPS} in a row; the schedule covers what is left after.
 */
public final class BackupWorkflow implements Workflow<BackupRequest, GenerationResult> {
    /** Dump submissions per run. */
    public static final int MAX_DUMP_ATTEMPTS = 3;
    /** Follow-up runs for events that arrived during the previous run, per workflow run. */
    public static final int MAX_FOLLOW_UPS = 5;

    @Override
    public String name() {
        return "backup";
    }

    @Override
    public Class<BackupRequest> inputType() {
        return BackupRequest.class;
    }

    @Override
    public Class<GenerationResult> outputType() {
        return GenerationResult.class;
    }

    @Override
    public GenerationResult run(WorkflowContext ctx, BackupRequest request) {
        BackupRequest started = request.started(ctx.newId(), ctx.now());
        ctx.call(CLAIM_EVENTS, EventClaimRequest.start(started));
        GenerationResult result = once(ctx, started.withLease());
        for (int followUp = 1; followUp <= MAX_FOLLOW_UPS; followUp++) {
            String runId = followUpRunId(started.runId(), followUp);
            EventClaim claim;
            try {
                claim = ctx.call(CLAIM_EVENTS, EventClaimRequest.followUp(started, runId));
            } catch (LakeFsBackupException e) {
                break; // the generation is committed; the marks stay for the next event or the schedule
            }
            if (!claim.run()) {
                break;
            }
            result = once(ctx, started.followUp(runId, claim.startedAt()));
        }
        return result;
    }

    /** The run id of the {@code n}th follow-up of run {@code runId}: {@code <runId>-f<n>}. */
    public static String followUpRunId(String runId, int n) {
        return runId + "-f" + n;
    }

    /** One backup run: prepare (the lease is this run's already), dump, plan, copy, verify, commit. */
    private static GenerationResult once(WorkflowContext ctx, BackupRequest request) {
        BackupRun prepared = ctx.call(PREPARE_BACKUP, request);
        RunRef run = prepared.run();
        if (prepared.committed()) {
            return ctx.call(COMMIT_GENERATION, new CommitRequest(run));
        }
        try {
            if (prepared.mayBeUnchanged()) {
                UnchangedCheck check = ctx.call(CHECK_UNCHANGED, new UnchangedCheckRequest(prepared, false));
                while (!check.done()) {
                    check = ctx.call(CHECK_UNCHANGED, new UnchangedCheckRequest(prepared, true));
                }
                if (check.unchanged()) {
                    return check.result();
                }
            }
            if (prepared.mustCommit()) {
                ctx.call(COMMIT_UNCOMMITTED, prepared);
            }
            dump(ctx, prepared);
            CopyPlan plan = CopyFanOut.plan(ctx, PLAN_BACKUP, resume -> new PlanRequest(run, resume, prepared));
            CopyFanOut.copy(ctx, plan, run);
            VerifyProgress verified = ctx.call(VERIFY_BACKUP, new VerifyRequest(run, false, plan));
            while (!verified.done()) {
                verified = ctx.call(VERIFY_BACKUP, new VerifyRequest(run, true, plan));
            }
            return ctx.call(COMMIT_GENERATION, new CommitRequest(run, plan, verified.result()));
        } catch (LakeFsBackupException e) {
            try {
                ctx.call(ABANDON_BACKUP, run);
            } catch (LakeFsBackupException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Dumps the refs: done when a dump finished while no ref moved, or after the last attempt finished at all. */
    private static void dump(WorkflowContext ctx, BackupRun prepared) {
        RunRef run = prepared.run();
        for (int attempt = 1; ; attempt++) {
            TaskRef task = ctx.call(SUBMIT_DUMP, new DumpRequest(run, attempt, prepared.asyncApi()));
            TaskPoll poll = ctx.call(POLL_DUMP, task);
            for (int polls = 1; poll.state() == TaskState.RUNNING; polls++) {
                ctx.sleep(CopyFanOut.pollWait(polls));
                poll = ctx.call(POLL_DUMP, task);
            }
            if (!poll.resubmit()) {
                return;
            }
            if (attempt >= MAX_DUMP_ATTEMPTS) {
                switch (poll.state()) {
                    case DONE -> {
                        return; // refs kept moving: the manifest records the heads after the last dump, and says so
                    }
                    case LOST -> throw ErrorCode.TASK_LOST.exception("lakeFS lost the dump of " + run.repository()
                            + " " + attempt + " times: " + poll.message());
                    default -> throw ErrorCode.TIMEOUT.exception("the dump of " + run.repository() + " went stale "
                            + attempt + " times: " + poll.message());
                }
            }
        }
    }
}
