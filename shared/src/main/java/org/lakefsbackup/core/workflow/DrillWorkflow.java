package org.lakefsbackup.core.workflow;

import static org.lakefsbackup.core.step.StepCatalog.CHECK_DRILL_SAMPLE;
import static org.lakefsbackup.core.step.StepCatalog.CLEANUP_DRILL;
import static org.lakefsbackup.core.step.StepCatalog.PREPARE_DRILL;
import static org.lakefsbackup.core.step.StepCatalog.RECORD_DRILL;

import java.util.List;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.step.DrillCheck;
import org.lakefsbackup.core.step.DrillCleanup;
import org.lakefsbackup.core.step.DrillCleanupRequest;
import org.lakefsbackup.core.step.DrillFinish;
import org.lakefsbackup.core.step.DrillRecord;
import org.lakefsbackup.core.step.DrillRequest;
import org.lakefsbackup.core.step.DrillRun;
import org.lakefsbackup.core.step.RestoreVerification;
import org.lakefsbackup.core.step.StepFailure;

/**
 * The restore drill, the one definition every host runs ({@code statemachines/drill.asl.json} is its Step Functions
 * rendering): prepare (picks the generation, takes the lease of the temporary repository's name), remove what an
 * earlier drill of that name left (resumable loop), restore the generation into the temporary repository and a fresh
 * namespace (the {@link RestoreWorkflow}, run as a child under the drill's run id: it verifies branch heads, tags,
 * the commit count and reads objects through lakeFS), read a sample of the restored objects back and compare their
 * recorded checksums, remove the temporary repository and the objects the drill copied (resumable loop, under the
 * lease), and record the result beside the generation. A failure of any part after prepare is recorded too; then the
 * drill fails with that part's error, which hosts report (a failed drill alerts).
 */
public final class DrillWorkflow implements Workflow<DrillRequest, DrillRecord> {
    private final RestoreWorkflow restore = new RestoreWorkflow();

    @Override
    public String name() {
        return "drill";
    }

    @Override
    public Class<DrillRequest> inputType() {
        return DrillRequest.class;
    }

    @Override
    public Class<DrillRecord> outputType() {
        return DrillRecord.class;
    }

    @Override
    public DrillRecord run(WorkflowContext ctx, DrillRequest request) {
        DrillRun drill = ctx.call(PREPARE_DRILL, request.started(ctx.newId(), ctx.now()));
        RestoreVerification restored = null;
        StepFailure restoreFailure = null;
        try {
            cleanup(ctx, drill, true);
            Outcome<RestoreVerification> outcome = ctx.runAll(restore, List.of(drill.restore())).get(0);
            if (outcome.ok()) {
                restored = outcome.value();
            } else {
                restoreFailure = new StepFailure(outcome.errorType(), outcome.message());
            }
        } catch (LakeFsBackupException e) {
            restoreFailure = StepFailure.of(e);
        }
        DrillCheck check = null;
        StepFailure checkFailure = null;
        if (restored != null) {
            try {
                check = ctx.call(CHECK_DRILL_SAMPLE, drill);
            } catch (LakeFsBackupException e) {
                checkFailure = StepFailure.of(e);
            }
        }
        DrillCleanup cleanup = null;
        StepFailure cleanupFailure = null;
        try {
            cleanup = cleanup(ctx, drill, false);
        } catch (LakeFsBackupException e) {
            cleanupFailure = StepFailure.of(e);
        }
        DrillRecord record = ctx.call(RECORD_DRILL, new DrillFinish(drill, restored, restoreFailure, check,
                checkFailure, cleanup, cleanupFailure));
        if (!record.ok()) {
            ErrorCode code = ErrorCode.valueOf(record.error().code());
            throw code.exception("drill " + record.drill() + " of " + record.repository() + " generation "
                    + record.generation() + " failed (" + record.error().part() + "): " + record.error().message()
                    + "; recorded at " + record.record());
        }
        return record;
    }

    /** Removes a drill's temporary repositories and objects: its leftovers, or its own. */
    private static DrillCleanup cleanup(WorkflowContext ctx, DrillRun drill, boolean leftovers) {
        if (leftovers && drill.leftovers().isEmpty()) {
            return null;
        }
        DrillCleanup progress = ctx.call(CLEANUP_DRILL, new DrillCleanupRequest(drill, leftovers, null));
        while (!progress.done()) {
            progress = ctx.call(CLEANUP_DRILL, new DrillCleanupRequest(drill, leftovers, progress));
        }
        return progress;
    }
}
