package org.lakefsbackup.azure.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.durabletask.azurefunctions.DurableActivityTrigger;
import java.util.Objects;
import java.util.function.Supplier;
import org.lakefsbackup.azure.AzureServices;
import org.lakefsbackup.azure.durable.DurableWorkflowContext;
import org.lakefsbackup.azure.durable.FanOutSettings;
import org.lakefsbackup.azure.internal.ActivityRunner;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.step.StepCatalog;

/**
 * The activity functions: one per row of the core's {@link StepCatalog}, named as the step, each running that step
 * and nothing else ({@link ActivityRunner}); plus {@value DurableWorkflowContext#SETTINGS_ACTIVITY}, which tells the
 * orchestrations how wide to fan out. The input is {@code {"instance": "<orchestration instance>", "input": <step
 * input>}}; the output is the step's output as JSON. No step is written again here.
 */
public class Activities {
    private final ActivityRunner runner;
    private final Supplier<AzureServices> services;

    /** The Functions worker's constructor: the process's services, built on first use. */
    public Activities() {
        this(AzureServices::shared);
    }

    public Activities(Supplier<AzureServices> services) {
        this.services = Objects.requireNonNull(services, "services");
        this.runner = new ActivityRunner(services);
    }

    private static java.util.logging.Logger log(ExecutionContext context) {
        return context == null ? null : context.getLogger();
    }

    @FunctionName("claim-events")
    public String claimEvents(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.CLAIM_EVENTS, input, log(context));
    }

    @FunctionName("prepare-backup")
    public String prepareBackup(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.PREPARE_BACKUP, input, log(context));
    }

    @FunctionName("commit-uncommitted")
    public String commitUncommitted(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.COMMIT_UNCOMMITTED, input, log(context));
    }

    @FunctionName("submit-dump")
    public String submitDump(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.SUBMIT_DUMP, input, log(context));
    }

    @FunctionName("poll-dump")
    public String pollDump(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.POLL_DUMP, input, log(context));
    }

    @FunctionName("check-unchanged")
    public String checkUnchanged(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.CHECK_UNCHANGED, input, log(context));
    }

    @FunctionName("plan-backup")
    public String planBackup(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.PLAN_BACKUP, input, log(context));
    }

    @FunctionName("copy-chunk")
    public String copyChunk(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.COPY_CHUNK, input, log(context));
    }

    @FunctionName("verify-backup")
    public String verifyBackup(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.VERIFY_BACKUP, input, log(context));
    }

    @FunctionName("commit-generation")
    public String commitGeneration(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.COMMIT_GENERATION, input, log(context));
    }

    @FunctionName("abandon-backup")
    public String abandonBackup(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.ABANDON_BACKUP, input, log(context));
    }

    @FunctionName("list-repositories")
    public String listRepositories(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.LIST_REPOSITORIES, input, log(context));
    }

    @FunctionName("prepare-restore")
    public String prepareRestore(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.PREPARE_RESTORE, input, log(context));
    }

    @FunctionName("create-bare-repository")
    public String createBareRepository(@DurableActivityTrigger(name = "input") String input,
                                       ExecutionContext context) {
        return runner.run(StepCatalog.CREATE_BARE_REPOSITORY, input, log(context));
    }

    @FunctionName("plan-restore")
    public String planRestore(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.PLAN_RESTORE, input, log(context));
    }

    @FunctionName("submit-restore")
    public String submitRestore(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.SUBMIT_RESTORE, input, log(context));
    }

    @FunctionName("poll-restore")
    public String pollRestore(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.POLL_RESTORE, input, log(context));
    }

    @FunctionName("reset-restore-target")
    public String resetRestoreTarget(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.RESET_RESTORE_TARGET, input, log(context));
    }

    @FunctionName("apply-settings")
    public String applySettings(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.APPLY_SETTINGS, input, log(context));
    }

    @FunctionName("verify-restore")
    public String verifyRestore(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.VERIFY_RESTORE, input, log(context));
    }

    @FunctionName("finish-restore")
    public String finishRestore(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.FINISH_RESTORE, input, log(context));
    }

    @FunctionName("cleanup-restore")
    public String cleanupRestore(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.CLEANUP_RESTORE, input, log(context));
    }

    @FunctionName("prepare-drill")
    public String prepareDrill(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.PREPARE_DRILL, input, log(context));
    }

    @FunctionName("cleanup-drill")
    public String cleanupDrill(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.CLEANUP_DRILL, input, log(context));
    }

    @FunctionName("check-drill-sample")
    public String checkDrillSample(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.CHECK_DRILL_SAMPLE, input, log(context));
    }

    @FunctionName("record-drill")
    public String recordDrill(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.RECORD_DRILL, input, log(context));
    }

    @FunctionName("plan-rolling-verify")
    public String planRollingVerify(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.PLAN_ROLLING_VERIFY, input, log(context));
    }

    @FunctionName("read-data-subset")
    public String readDataSubset(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.READ_DATA_SUBSET, input, log(context));
    }

    @FunctionName("finish-rolling-verify")
    public String finishRollingVerify(@DurableActivityTrigger(name = "input") String input,
                                      ExecutionContext context) {
        return runner.run(StepCatalog.FINISH_ROLLING_VERIFY, input, log(context));
    }

    /** No orchestration calls it today (the AWS host gives operators a function for it); every catalog row is here. */
    @FunctionName("list-generations")
    public String listGenerations(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.LIST_GENERATIONS, input, log(context));
    }

    /** No orchestration calls it (the {@code rpo-check} timer runs the step directly); every catalog row is here. */
    @FunctionName("check-backup-ages")
    public String checkBackupAges(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.CHECK_BACKUP_AGES, input, log(context));
    }

    @FunctionName("prepare-prune")
    public String preparePrune(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.PREPARE_PRUNE, input, log(context));
    }

    @FunctionName("forget-generations")
    public String forgetGenerations(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.FORGET_GENERATIONS, input, log(context));
    }

    @FunctionName("plan-prune")
    public String planPrune(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.PLAN_PRUNE, input, log(context));
    }

    @FunctionName("delete-unreferenced")
    public String deleteUnreferenced(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.DELETE_UNREFERENCED, input, log(context));
    }

    @FunctionName("remove-forgotten")
    public String removeForgotten(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.REMOVE_FORGOTTEN, input, log(context));
    }

    @FunctionName("finish-prune")
    public String finishPrune(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.FINISH_PRUNE, input, log(context));
    }

    @FunctionName("abandon-prune")
    public String abandonPrune(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.ABANDON_PRUNE, input, log(context));
    }

    @FunctionName("select-backups")
    public String selectBackups(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        return runner.run(StepCatalog.SELECT_BACKUPS, input, log(context));
    }

    /**
     * How the orchestrations fan out: {@code LAKEFS_BACKUP_CHUNK_CONCURRENCY} activities at once,
     * {@code LAKEFS_BACKUP_FAN_OUT_BATCH} per history.
     */
    @FunctionName(DurableWorkflowContext.SETTINGS_ACTIVITY)
    public String fanOutSettings(@DurableActivityTrigger(name = "input") String input, ExecutionContext context) {
        try {
            var config = services.get().config();
            return Json.mapper().writeValueAsString(new FanOutSettings(Math.max(1, config.settings()
                    .chunkConcurrency()), config.fanOutBatch()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ErrorCode.INTERNAL.exception("cannot write the fan-out settings", e);
        }
    }
}
