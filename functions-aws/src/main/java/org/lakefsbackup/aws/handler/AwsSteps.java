package org.lakefsbackup.aws.handler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.aws.internal.CopyItems;
import org.lakefsbackup.core.copy.PlanProgress;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.step.StepCatalog;
import org.lakefsbackup.core.step.StepDefinition;
import org.lakefsbackup.core.step.StepMetric;
import org.lakefsbackup.core.store.Location;

/**
 * The steps the AWS functions run: every row of the core's {@link StepCatalog} (none is written again here), with
 * the AWS host's input defaults and output shapes where it has them, plus the AWS-only steps of the copy: the
 * Distributed Map's summary and the S3 Batch Operations job.
 */
public final class AwsSteps {
    private AwsSteps() {
    }

    private static final Map<String, AwsStep> STEPS = new LinkedHashMap<>();

    /**
     * Steps no state machine runs: an operator invokes their function directly (the Lambda console's Test tab,
     * {@code aws lambda invoke}), e.g. to find a generation to restore (docs/runbook-aws.md).
     */
    public static final Set<String> INVOKED_BY_OPERATORS = Set.of(StepCatalog.LIST_GENERATIONS.name());

    /** Steps no state machine runs: an EventBridge Scheduler schedule invokes their function (the RPO check). */
    public static final Set<String> INVOKED_BY_SCHEDULES = Set.of(StepCatalog.CHECK_BACKUP_AGES.name());

    static {
        for (StepDefinition<?, ?> step : StepCatalog.all()) {
            add(AwsStep.of(step));
        }
        add(AwsStep.mapped(StepCatalog.CLAIM_EVENTS, (in, s) -> defaultBackup(in, s), (s, in, out) -> out));
        add(AwsStep.mapped(StepCatalog.PREPARE_BACKUP, (in, s) -> defaultBackup(in, s), (s, in, out) -> out));
        add(AwsStep.mapped(StepCatalog.PREPARE_RESTORE, (in, s) -> defaultBackup(in, s), (s, in, out) -> out));
        add(AwsStep.mapped(StepCatalog.PREPARE_DRILL, (in, s) -> {
            defaultBackup(in, s);
            String prefix = in.hasNonNull("namespace_prefix") ? in.get("namespace_prefix").asText() : null;
            in.put("namespace_prefix", s.config().shared().drillNamespaceOrDefault(prefix));
        }, (s, in, out) -> out));
        add(AwsStep.mapped(StepCatalog.LIST_REPOSITORIES, (in, s) -> defaultBackup(in, s), (s, in, out) -> out));
        add(AwsStep.mapped(StepCatalog.LIST_GENERATIONS, (in, s) -> defaultBackup(in, s), (s, in, out) -> out));
        add(AwsStep.mapped(StepCatalog.CHECK_BACKUP_AGES, (in, s) -> defaultBackup(in, s), (s, in, out) -> out));
        add(AwsStep.mapped(StepCatalog.PREPARE_PRUNE, (in, s) -> defaultBackup(in, s), (s, in, out) -> out));
        add(AwsStep.mapped(StepCatalog.SELECT_BACKUPS, (in, s) -> defaultBackup(in, s), (s, in, out) -> out));
        add(AwsStep.mapped(StepCatalog.PLAN_ROLLING_VERIFY, (in, s) -> defaultBackup(in, s), (s, in, out) -> out));
        add(AwsStep.mapped(StepCatalog.PLAN_BACKUP, null,
                (s, in, progress) -> publish(s, in.run().layout().run(in.run().runId()), progress)));
        add(AwsStep.mapped(StepCatalog.PLAN_RESTORE, null,
                (s, in, progress) -> publish(s, in.run().layout().run(in.run().runId()), progress)));
        add(AwsStep.mapped(StepCatalog.VERIFY_BACKUP, null, (s, in, progress) -> VerifyOutput.of(progress)));
        add(new AwsStep("summarize-copy", CopyResults.class, StepDefinition.Access.STORES, false, null,
                (s, in) -> {
                    var totals = CopyItems.summarize(s, (CopyResults) in);
                    return new AwsStep.Result(totals, List.of(StepMetric.count("ObjectsSkipped", totals.skipped())));
                }));
        add(new AwsStep("create-batch-copy-job", BatchCopySpec.class, StepDefinition.Access.STORES, false, null,
                (s, in) -> new AwsStep.Result(s.batchOperations().create((BatchCopySpec) in), List.of())));
        add(new AwsStep("poll-batch-copy-job", BatchCopyJob.class, StepDefinition.Access.STORES, false, null,
                (s, in) -> {
                    BatchCopyStatus status = s.batchOperations().poll((BatchCopyJob) in);
                    List<StepMetric> metrics = new ArrayList<>();
                    if (status.done()) {
                        metrics.add(StepMetric.count("ObjectsCopied", status.summary().copied()));
                        metrics.add(StepMetric.bytes("BytesCopied", status.summary().bytesCopied()));
                        metrics.add(StepMetric.count("ObjectsFailed", status.summary().failed()));
                    }
                    return new AwsStep.Result(status, metrics);
                }));
    }

    private static void add(AwsStep step) {
        STEPS.put(step.name(), step);
    }

    private static void defaultBackup(ObjectNode input, FunctionServices s) {
        String backup = input.hasNonNull("backup") ? input.get("backup").asText() : null;
        input.put("backup", s.config().backupOrDefault(backup));
    }

    /** A finished plan is published for the Distributed Map; an unfinished one returns its progress. */
    private static PlanOutput publish(FunctionServices s, Location runRoot, PlanProgress progress) {
        if (!progress.done()) {
            return PlanOutput.pending(progress.checkpoint());
        }
        return CopyItems.publish(s, runRoot, progress.plan()).withProgress(progress.checkpoint());
    }

    /** Every step a function can run, in catalog order. */
    public static List<AwsStep> all() {
        return List.copyOf(STEPS.values());
    }

    public static Optional<AwsStep> find(String name) {
        return Optional.ofNullable(STEPS.get(name));
    }

    /** The step of that name; INVALID_INPUT naming the known ones otherwise. */
    public static AwsStep get(String name) {
        return find(name).orElseThrow(() -> ErrorCode.INVALID_INPUT.exception("no step is named '" + name
                + "'; steps: " + STEPS.keySet()));
    }
}
