package org.lakefsbackup.aws.statemachines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lakefsbackup.aws.statemachines.CfnTemplate.intrinsic;
import static org.lakefsbackup.aws.statemachines.CfnTemplate.list;
import static org.lakefsbackup.aws.statemachines.CfnTemplate.map;
import static org.lakefsbackup.aws.statemachines.CfnTemplate.properties;
import static org.lakefsbackup.aws.statemachines.CfnTemplate.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.aws.AwsFunctionConfig;
import org.lakefsbackup.aws.handler.AwsStep;
import org.lakefsbackup.aws.handler.AwsSteps;
import org.lakefsbackup.aws.handler.StepFunctionHandler;
import org.lakefsbackup.core.config.Env;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.step.BackupAllRequest;
import org.lakefsbackup.core.step.BackupRequest;
import org.lakefsbackup.core.step.PruneAllRequest;
import org.lakefsbackup.core.step.PruneRequest;
import org.lakefsbackup.core.step.RestoreRequest;
import org.lakefsbackup.core.step.StepCatalog;
import org.lakefsbackup.core.step.StepDefinition;

/**
 * The SAM template ({@code infra/aws/template.yaml}), parsed: one function per step of {@link AwsSteps}, each
 * allowed exactly what its step touches ({@link #STEP_GRANTS}, derived from the step code and checked against the
 * catalog's {@code access()} and {@code deletes()}); state machines that call only their own steps' functions; and a
 * backup bucket no function can wipe (Object Lock, a bucket policy that reserves version deletion and protection
 * changes to an admin role, a lifecycle that expires only run scratch).
 *
 * <p>Grants are compared as text: {@code "<action> <resource>"} with intrinsics rendered by
 * {@link CfnTemplate#render}, a condition appended as {@code " when ..."}, and {@code "[HasVpc] "} in front of what a
 * function gets only in a VPC.
 */
class TemplateTest {
    static final Path TEMPLATE = NodeRunner.DIR.resolveSibling("infra/aws/template.yaml");
    static final String HANDLER = StepFunctionHandler.class.getName() + "::handleRequest";

    // --- what grants name ---
    static final String BUCKET = "If(CreateBucket,${BackupBucket},${BackupBucketName})";
    static final String BACKUP_BUCKET = "arn:aws:s3:::" + BUCKET;
    static final String BACKUPS = BACKUP_BUCKET + "/${BackupPrefix}/*";
    static final String SCRATCH = BACKUP_BUCKET + "/${BackupPrefix}/" + BackupLayout.SCRATCH + "/*";
    static final String OBJECTS = BACKUP_BUCKET + "/${BackupPrefix}/*/" + BackupLayout.OBJECTS + "/*";
    static final String MUTABLE = BACKUP_BUCKET + "/${BackupPrefix}/*/" + BackupLayout.MUTABLE + "/*";
    static final String INVENTORIES = BACKUP_BUCKET + "/${BackupPrefix}/*/generations/*/inventory/*";
    static final String MANIFESTS = BACKUP_BUCKET + "/${BackupPrefix}/*/generations/*/manifest.json";
    static final String RESTORE_RECORDS = BACKUP_BUCKET + "/${BackupPrefix}/*/restores/*";
    static final String GENERATIONS = BACKUP_BUCKET + "/${BackupPrefix}/*/generations/*";
    static final String FORGOTTEN = GENERATIONS + "/" + BackupLayout.FORGOTTEN;
    /** What rolling verification records of a generation, the only file its read step writes. */
    static final String CHECKS = GENERATIONS + "/checks.json";
    static final String BUCKET_KEY = "If(HasBucketKey,${BackupBucketKmsKeyArn},${Key.Arn})";
    static final String SOURCE_BUCKET = "arn:aws:s3:::${SourceBucketName}";
    static final String TARGET_BUCKET = "arn:aws:s3:::${RestoreTargetBucketName}";
    static final String STATES = "arn:aws:states:${AWS::Region}:${AWS::AccountId}:";
    /** Where restore drills create (and so may delete) their temporary namespaces. */
    static final String DRILL_NAMESPACES = TARGET_BUCKET + "/${DrillPrefix}/*";
    static final String DRILL_RECORDS = BACKUP_BUCKET + "/${BackupPrefix}/*/generations/*/" + BackupLayout.DRILLS + "/*";

    // --- bundles of grants, as the template's shared policies hold them ---
    static final Set<String> EVERY_FUNCTION = grants(
            "logs:CreateLogStream arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/"
                    + "lakefs-backup-${Environment}-*:*",
            "logs:PutLogEvents arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/"
                    + "lakefs-backup-${Environment}-*:*",
            "xray:PutTraceSegments *", "xray:PutTelemetryRecords *", "kms:Decrypt ${Key.Arn}",
            "[HasVpc] ec2:DescribeNetworkInterfaces *", "[HasVpc] ec2:DescribeSubnets *",
            "[HasVpc] ec2:CreateNetworkInterface arn:aws:ec2:${AWS::Region}:${AWS::AccountId}:*/*",
            "[HasVpc] ec2:DeleteNetworkInterface arn:aws:ec2:${AWS::Region}:${AWS::AccountId}:*/*",
            "[HasVpc] ec2:AssignPrivateIpAddresses arn:aws:ec2:${AWS::Region}:${AWS::AccountId}:*/*",
            "[HasVpc] ec2:UnassignPrivateIpAddresses arn:aws:ec2:${AWS::Region}:${AWS::AccountId}:*/*");
    static final Set<String> LAKEFS_SECRET = grants("secretsmanager:GetSecretValue ${LakeFsSecretArn}");
    /** Run scratch and leases: every step that renews a lease or keeps state between steps. */
    static final Set<String> SCRATCH_READ_WRITE = grants("s3:ListBucket " + BACKUP_BUCKET, "s3:GetObject " + SCRATCH,
            "s3:PutObject " + SCRATCH, "kms:Decrypt " + BUCKET_KEY, "kms:GenerateDataKey " + BUCKET_KEY);
    static final Set<String> SCRATCH_READ = grants("s3:ListBucket " + BACKUP_BUCKET, "s3:GetObject " + SCRATCH,
            "kms:Decrypt " + BUCKET_KEY);
    /** The only delete any function may make. */
    static final Set<String> SCRATCH_DELETE = grants("s3:DeleteObject " + SCRATCH);
    /** Manifests, inventories, restore records, backed-up objects. */
    static final Set<String> BACKUP_READ = grants("s3:ListBucket " + BACKUP_BUCKET, "s3:GetObject " + BACKUPS,
            "kms:Decrypt " + BUCKET_KEY);

    /**
     * What each step's function may do besides {@link #EVERY_FUNCTION}, read from the step code: {@code BackupSteps},
     * {@code RestoreSteps}, {@code Leases} (taken by prepare, renewed before every other run-scoped step, released by
     * the steps that finish or abandon a run), {@code CopyItems} (the Distributed Map items and results in the run's
     * scratch) and {@code BatchOperations}.
     */
    static final Map<String, Set<String>> STEP_GRANTS = table(
            // the lease taken; the event marks (run scratch, _runs/<repo>/_events/) listed and deleted; no lakeFS
            row("claim-events", SCRATCH_READ_WRITE, SCRATCH_DELETE),
            // lease taken and (on failure) released; manifest looked up; prepared.json written
            row("prepare-backup", LAKEFS_SECRET, SCRATCH_READ_WRITE, SCRATCH_DELETE, BACKUP_READ),
            // lists the source namespace, reads the previous inventory; writes its checkpoint or prepared.json
            // (scratch), or the still-current mark, then removes the scratch and releases the lease
            row("check-unchanged", SCRATCH_READ_WRITE, SCRATCH_DELETE, BACKUP_READ, grants("s3:ListBucket "
                    + SOURCE_BUCKET, "s3:PutObject " + GENERATIONS + "/current/*")),
            row("commit-uncommitted", LAKEFS_SECRET, SCRATCH_READ_WRITE),
            row("submit-dump", LAKEFS_SECRET, SCRATCH_READ_WRITE),
            row("poll-dump", LAKEFS_SECRET, SCRATCH_READ_WRITE),
            // lists the source namespace and the backup's objects/ and mutable/ (ListBucket), reads only scratch,
            // writes plan chunks, items, Batch manifest (scratch) and the generation's inventory
            row("plan-backup", SCRATCH_READ_WRITE, grants("s3:ListBucket " + SOURCE_BUCKET,
                    "s3:PutObject " + INVENTORIES)),
            // reads its plan chunk (scratch); backup: source -> objects/, mutable/; restore: those -> target
            row("copy-chunk", SCRATCH_READ_WRITE, grants("s3:ListBucket " + SOURCE_BUCKET,
                    "s3:GetObject " + SOURCE_BUCKET + "/*", "s3:GetObject " + OBJECTS, "s3:GetObject " + MUTABLE,
                    "s3:PutObject " + OBJECTS, "s3:PutObject " + MUTABLE, "s3:AbortMultipartUpload " + OBJECTS,
                    "s3:AbortMultipartUpload " + MUTABLE, "s3:PutObject " + TARGET_BUCKET + "/*",
                    "s3:AbortMultipartUpload " + TARGET_BUCKET + "/*")),
            row("verify-backup", SCRATCH_READ_WRITE, BACKUP_READ),
            // the manifest, and before it the run's report (report.json and its rendering report.md)
            row("commit-generation", LAKEFS_SECRET, SCRATCH_READ_WRITE, SCRATCH_DELETE, BACKUP_READ,
                    grants("s3:PutObject " + MANIFESTS, "s3:PutObject " + GENERATIONS + "/report.json",
                            "s3:PutObject " + GENERATIONS + "/report.md")),
            // no lease renewal (it runs after the lease may be lost): lists, reads the lease, deletes
            row("abandon-backup", SCRATCH_READ, SCRATCH_DELETE),
            row("list-repositories", LAKEFS_SECRET),
            // reads manifests (listing generations and repositories); an operator's look-up, in no state machine
            row("list-generations", BACKUP_READ),
            // the RPO check: lists the repositories and their generations, reads the newest manifests
            row("check-backup-ages", BACKUP_READ),
            // generations listed, manifest and restore record read, record written, target namespace listed
            row("prepare-restore", LAKEFS_SECRET, SCRATCH_READ_WRITE, SCRATCH_DELETE, BACKUP_READ,
                    grants("s3:PutObject " + RESTORE_RECORDS, "s3:ListBucket " + TARGET_BUCKET)),
            row("create-bare-repository", LAKEFS_SECRET, SCRATCH_READ_WRITE, BACKUP_READ),
            row("plan-restore", SCRATCH_READ_WRITE, BACKUP_READ, grants("s3:ListBucket " + TARGET_BUCKET)),
            row("submit-restore", LAKEFS_SECRET, SCRATCH_READ_WRITE, BACKUP_READ),
            row("poll-restore", LAKEFS_SECRET, SCRATCH_READ_WRITE, BACKUP_READ),
            // deletes the run's restore-task.json before submitting again
            row("reset-restore-target", LAKEFS_SECRET, SCRATCH_READ_WRITE, SCRATCH_DELETE, BACKUP_READ),
            row("apply-settings", LAKEFS_SECRET, SCRATCH_READ_WRITE, BACKUP_READ),
            row("verify-restore", LAKEFS_SECRET, SCRATCH_READ_WRITE, BACKUP_READ),
            row("finish-restore", SCRATCH_READ_WRITE, SCRATCH_DELETE, BACKUP_READ,
                    grants("s3:PutObject " + RESTORE_RECORDS)),
            row("cleanup-restore", LAKEFS_SECRET, SCRATCH_READ_WRITE, SCRATCH_DELETE, BACKUP_READ),
            // generations listed (rotation), manifest and restore records read, the drill's lease taken (released on
            // failure), its temporary namespaces listed
            row("prepare-drill", LAKEFS_SECRET, SCRATCH_READ_WRITE, SCRATCH_DELETE, BACKUP_READ,
                    grants("s3:ListBucket " + TARGET_BUCKET)),
            // under the drill's lease: deletes the temporary repository, the restore's scratch and, in the drill's
            // namespaces only, the objects of the restored inventory (the only delete outside scratch)
            row("cleanup-drill", LAKEFS_SECRET, SCRATCH_READ_WRITE, SCRATCH_DELETE, BACKUP_READ,
                    grants("s3:ListBucket " + TARGET_BUCKET, "s3:DeleteObject " + DRILL_NAMESPACES)),
            // the inventory read, sampled objects read back from the drill's namespace
            row("check-drill-sample", BACKUP_READ, grants("s3:GetObject " + DRILL_NAMESPACES)),
            // writes the record (create-only) and its Markdown beside the generation, releases the lease
            row("record-drill", SCRATCH_READ, SCRATCH_DELETE, BACKUP_READ, grants("s3:PutObject " + DRILL_RECORDS,
                    "kms:GenerateDataKey " + BUCKET_KEY)),
            // reads the Distributed Map's ResultWriter output in the run's scratch
            row("summarize-copy", SCRATCH_READ),
            row("create-batch-copy-job", grants(
                    "s3:CreateJob * when StringEquals s3:RequestJobOperation=S3PutObjectCopy",
                    "iam:PassRole ${BatchOperationsRole.Arn} when StringEquals "
                            + "iam:PassedToService=batchoperations.s3.amazonaws.com")),
            // reads the completion report Batch Operations writes into the run's scratch
            row("poll-batch-copy-job", SCRATCH_READ, grants(
                    "s3:DescribeJob arn:aws:s3:${AWS::Region}:${AWS::AccountId}:job/*")),
            // PruneSteps: lease taken (released on failure); generations listed, restore records and other names'
            // leases read
            row("prepare-prune", SCRATCH_READ_WRITE, SCRATCH_DELETE, BACKUP_READ),
            // forgotten markers written, create-only, beside the manifests
            row("forget-generations", SCRATCH_READ_WRITE, BACKUP_READ, grants("s3:PutObject " + FORGOTTEN)),
            // manifests and inventories read, objects/ and mutable/ listed; candidates written to scratch
            row("plan-prune", SCRATCH_READ_WRITE, BACKUP_READ),
            // the only deletes of backed-up objects: objects/ and mutable/, after a HEAD that reads their lock
            row("delete-unreferenced", SCRATCH_READ_WRITE, BACKUP_READ, grants("s3:DeleteObject " + OBJECTS,
                    "s3:DeleteObject " + MUTABLE, "s3:GetObjectRetention " + OBJECTS,
                    "s3:GetObjectRetention " + MUTABLE, "s3:GetObjectLegalHold " + OBJECTS,
                    "s3:GetObjectLegalHold " + MUTABLE)),
            // the forgotten generations' files (inventory, then manifest, then marker)
            row("remove-forgotten", SCRATCH_READ_WRITE, BACKUP_READ, grants("s3:DeleteObject " + GENERATIONS,
                    "s3:GetObjectRetention " + GENERATIONS, "s3:GetObjectLegalHold " + GENERATIONS)),
            row("finish-prune", SCRATCH_READ, SCRATCH_DELETE),
            row("abandon-prune", SCRATCH_READ, SCRATCH_DELETE),
            // lists the repositories at the location and their generations
            row("select-backups", grants("s3:ListBucket " + BACKUP_BUCKET)),
            // rolling verification: generations listed, checks.json read (the rotation); no lease, no scratch
            row("plan-rolling-verify", BACKUP_READ),
            // manifest and inventory read, objects/ and mutable/ listed, the subset read back; the only write is the
            // generation's checks.json
            row("read-data-subset", BACKUP_READ, grants("s3:PutObject " + CHECKS, "kms:GenerateDataKey " + BUCKET_KEY)),
            // sums the entries up: touches nothing
            row("finish-rolling-verify"));

    /** Where each step that deletes backed-up data may delete (its role's inline policy), and nothing else may. */
    static final Map<String, Set<String>> BACKUP_DELETES = Map.of(
            "DeleteUnreferencedRole/delete-unreferenced", grants("s3:DeleteObject " + OBJECTS,
                    "s3:DeleteObject " + MUTABLE),
            "RemoveForgottenRole/remove-forgotten", grants("s3:DeleteObject " + GENERATIONS));

    /** What every state machine role holds besides invoking its functions. */
    static final Set<String> EVERY_STATE_MACHINE = grants("sns:Publish ${FailureTopic}", "kms:Decrypt ${Key.Arn}",
            "kms:GenerateDataKey ${Key.Arn}", "logs:CreateLogDelivery *", "logs:GetLogDelivery *",
            "logs:UpdateLogDelivery *", "logs:DeleteLogDelivery *", "logs:ListLogDeliveries *",
            "logs:PutResourcePolicy *", "logs:DescribeResourcePolicies *", "logs:DescribeLogGroups *");

    /** A Distributed Map: its child executions, its items (read) and results (written) in the run's scratch. */
    static Set<String> distributedMap(String machine) {
        String name = "lakefs-backup-${Environment}-" + machine;
        return grants("states:StartExecution " + STATES + "stateMachine:" + name,
                "states:DescribeExecution " + STATES + "execution:" + name + "/*",
                "states:StopExecution " + STATES + "execution:" + name + "/*",
                "s3:GetObject " + SCRATCH, "s3:PutObject " + SCRATCH, "s3:ListMultipartUploadParts " + SCRATCH,
                "s3:AbortMultipartUpload " + SCRATCH, "kms:Decrypt " + BUCKET_KEY, "kms:GenerateDataKey " + BUCKET_KEY);
    }

    /** State machine roles, besides lambda:InvokeFunction on the functions their definitions name. */
    static final Map<String, Set<String>> STATE_MACHINE_GRANTS = Map.of(
            "BackupStateMachine", union(EVERY_STATE_MACHINE, distributedMap("backup")),
            "RestoreStateMachine", union(EVERY_STATE_MACHINE, distributedMap("restore")),
            "PruneStateMachine", EVERY_STATE_MACHINE,
            "PruneAllStateMachine", union(EVERY_STATE_MACHINE, childExecutions("Prune", "prune")),
            "BackupAllStateMachine", union(EVERY_STATE_MACHINE, childExecutions("Backup", "backup")),
            "DrillStateMachine", union(EVERY_STATE_MACHINE, childExecutions("Restore", "restore")),
            "RollingVerifyStateMachine", EVERY_STATE_MACHINE);

    /** Child executions of another state machine, started with startExecution.sync:2 and waited for. */
    static Set<String> childExecutions(String machine, String name) {
        return grants("states:StartExecution ${" + machine + "StateMachine}",
                "states:DescribeExecution " + STATES + "execution:lakefs-backup-${Environment}-" + name + ":*",
                "states:StopExecution " + STATES + "execution:lakefs-backup-${Environment}-" + name + ":*",
                "events:PutTargets arn:aws:events:${AWS::Region}:${AWS::AccountId}:rule/"
                        + "StepFunctionsGetEventsForStepFunctionsExecutionRule",
                "events:PutRule arn:aws:events:${AWS::Region}:${AWS::AccountId}:rule/"
                        + "StepFunctionsGetEventsForStepFunctionsExecutionRule",
                "events:DescribeRule arn:aws:events:${AWS::Region}:${AWS::AccountId}:rule/"
                        + "StepFunctionsGetEventsForStepFunctionsExecutionRule");
    }

    /** The webhook function (not a step) and what its role holds besides the shared policies. */
    static final String WEBHOOK = "WebhookFunction";
    static final Set<String> WEBHOOK_OWN = grants("states:StartExecution ${BackupStateMachine}",
            "secretsmanager:GetSecretValue ${WebhookSecretArn}");

    /** The other roles: S3 Batch Operations' (backups of bucket-root namespaces) and the scheduler's. */
    static final Map<String, Set<String>> OTHER_ROLE_GRANTS = Map.of(
            "BatchOperationsRole", grants("s3:GetObject " + SOURCE_BUCKET + "/*",
                    "s3:GetObjectTagging " + SOURCE_BUCKET + "/*", "s3:PutObject " + OBJECTS,
                    "s3:PutObjectTagging " + OBJECTS, "s3:GetObject " + SCRATCH, "s3:GetObjectVersion " + SCRATCH,
                    "s3:PutObject " + SCRATCH, "s3:GetBucketLocation " + BACKUP_BUCKET, "kms:Decrypt " + BUCKET_KEY,
                    "kms:GenerateDataKey " + BUCKET_KEY),
            "SchedulerRole", grants("states:StartExecution ${BackupAllStateMachine}",
                    "states:StartExecution ${DrillStateMachine}", "states:StartExecution ${RollingVerifyStateMachine}"),
            // the webhook: the lakeFS key (a repository's default branch), event marks and the lease (scratch), and
            // starting the backup state machine, nothing else; no delete
            "WebhookRole", union(EVERY_FUNCTION, LAKEFS_SECRET, SCRATCH_READ_WRITE, WEBHOOK_OWN),
            "RpoScheduleRole", grants("lambda:InvokeFunction ${CheckBackupAgesFunction.Alias}"));

    /** Actions no statement may allow, in any form (wildcards included). */
    static final List<String> NEVER_ALLOWED = List.of("s3:PutLifecycleConfiguration", "s3:PutObjectAcl",
            "s3:DeleteObjectVersion", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketObjectLockConfiguration",
            "s3:BypassGovernanceRetention", "s3:PutBucketVersioning", "s3:DeleteBucket");

    final CfnTemplate template = CfnTemplate.read(TEMPLATE);

    @Test
    void everyStepHasExactlyOneFunctionRunningTheOneHandler() {
        Map<String, String> stepOfFunction = stepOfFunction();
        assertThat(stepOfFunction.values()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(AwsSteps.all().stream().map(AwsStep::name).toList());
        assertThat(map(template.section("Globals").get("Function")).get("Handler")).isEqualTo(HANDLER);
        stepOfFunction.forEach((id, step) -> {
            String pascal = pascal(step);
            assertThat(id).isEqualTo(pascal + "Function");
            Map<String, Object> p = properties(template.resource(id));
            assertThat(p.getOrDefault("Handler", HANDLER)).as(id).isEqualTo(HANDLER);
            assertThat(p).as(id + " takes Policies from nothing but its own role").doesNotContainKey("Policies");
            assertThat(render(p.get("Role"))).as(id).isEqualTo("${" + pascal + "Role.Arn}");
            assertThat(render(map(p.get("LoggingConfig")).get("LogGroup"))).as(id).isEqualTo("${" + pascal + "Logs}");
            assertThat(render(properties(template.resource(pascal + "Logs")).get("LogGroupName")))
                    .isEqualTo("/aws/lambda/lakefs-backup-${Environment}-" + pascal);
            assertThat(render(p.get("FunctionName"))).isEqualTo("lakefs-backup-${Environment}-" + pascal);
        });
    }

    @Test
    void everyPlaceholderOfEveryDefinitionIsSubstitutedWithTheFunctionOfItsStep() throws Exception {
        Map<String, Map<String, Object>> machines = template.resources("AWS::Serverless::StateMachine");
        assertThat(machines).containsOnlyKeys(STATE_MACHINE_GRANTS.keySet());
        Map<String, String> stepOfFunction = stepOfFunction();
        for (var e : machines.entrySet()) {
            Map<String, Object> p = properties(e.getValue());
            String file = ((String) p.get("DefinitionUri")).replace("../../statemachines/", "");
            String definition = Files.readString(NodeRunner.DIR.resolve(file));
            Map<String, Object> substitutions = map(p.get("DefinitionSubstitutions"));
            Set<String> used = CfnTemplate.placeholders(definition);
            assertThat(substitutions.keySet()).as(file + " substitutes every placeholder").containsAll(used);
            assertThat(used).as(file + " uses every substitution").containsAll(substitutions.keySet());
            for (var s : substitutions.entrySet()) {
                String key = s.getKey();
                String value = render(s.getValue());
                if (key.endsWith("FunctionArn")) {
                    String function = key.substring(0, key.length() - "Arn".length());
                    assertThat(value).as(key).isEqualTo("${" + function + ".Alias}");
                    assertThat(stepOfFunction).as(key + " names a function").containsKey(function);
                    assertThat(pascal(stepOfFunction.get(function)) + "FunctionArn").as(key).isEqualTo(key);
                } else {
                    assertThat(Map.of("BackupStateMachineArn", "${BackupStateMachine}",
                            "PruneStateMachineArn", "${PruneStateMachine}",
                            "RestoreStateMachineArn", "${RestoreStateMachine}",
                            "FailureTopicArn", "${FailureTopic}")).as(file).containsEntry(key, value);
                }
            }
            Map<String, String> stepOfPlaceholder = new TreeMap<>();
            stepOfFunction.forEach((f, step) -> stepOfPlaceholder.put(f + "Arn", step));
            for (JsonNode task : tasks(Json.mapper().readTree(definition))) {
                String resource = task.path("Resource").asText();
                JsonNode args = task.has("Arguments") ? task.get("Arguments") : task.path("Parameters");
                String function = placeholderIn(resource.contains("${") ? resource
                        : args.path("FunctionName").asText());
                JsonNode payload = args.has("Payload") ? args.get("Payload") : args;
                if (function != null && payload.path("step").isTextual()) {
                    assertThat(payload.get("step").asText()).as(file + ": the step the Task asks " + function
                            + " to run").isEqualTo(stepOfPlaceholder.get(function));
                }
            }
        }
    }

    @Test
    void everyFunctionMayDoExactlyWhatItsStepTouches() {
        assertThat(STEP_GRANTS.keySet()).as("the table has a row per step")
                .containsExactlyInAnyOrderElementsOf(AwsSteps.all().stream().map(AwsStep::name).toList());
        for (AwsStep step : AwsSteps.all()) {
            Set<String> row = STEP_GRANTS.get(step.name());
            assertThat(row.containsAll(LAKEFS_SECRET)).as(step.name() + ": the secret iff it calls lakeFS")
                    .isEqualTo(step.access() == StepDefinition.Access.LAKEFS);
            assertThat(row.containsAll(SCRATCH_DELETE)).as(step.name() + ": a delete iff the catalog says it deletes")
                    .isEqualTo(step.deletes());
        }
        stepOfFunction().forEach((function, step) -> assertThat(roleGrants(template.resource(pascal(step) + "Role")))
                .as(function).containsExactlyInAnyOrderElementsOf(union(EVERY_FUNCTION, STEP_GRANTS.get(step))));
    }

    @Test
    void stateMachinesInvokeOnlyTheirOwnFunctionsAndOtherRolesHoldOnlyTheirGrants() {
        for (var e : template.resources("AWS::Serverless::StateMachine").entrySet()) {
            Map<String, Object> p = properties(e.getValue());
            Set<String> invoke = map(p.get("DefinitionSubstitutions")).keySet().stream()
                    .filter(k -> k.endsWith("FunctionArn"))
                    .map(k -> "lambda:InvokeFunction ${" + k.substring(0, k.length() - 3) + ".Alias}")
                    .collect(Collectors.toCollection(TreeSet::new));
            List<Map<String, Object>> statements = new ArrayList<>();
            for (Object policy : list(p.get("Policies"))) {
                assertThat(map(policy)).as(e.getKey() + ": inline statements only, no SAM policy templates")
                        .containsOnlyKeys("Statement");
                list(map(policy).get("Statement")).forEach(s -> statements.add(map(s)));
            }
            assertThat(grants(statements, "")).as(e.getKey())
                    .containsExactlyInAnyOrderElementsOf(union(STATE_MACHINE_GRANTS.get(e.getKey()), invoke));
        }
        Set<String> roles = new TreeSet<>(template.resources("AWS::IAM::Role").keySet());
        stepOfFunction().values().forEach(step -> roles.remove(pascal(step) + "Role"));
        assertThat(roles).as("roles other than the functions'").isEqualTo(OTHER_ROLE_GRANTS.keySet());
        OTHER_ROLE_GRANTS.forEach((role, expected) -> assertThat(roleGrants(template.resource(role))).as(role)
                .containsExactlyInAnyOrderElementsOf(expected));
    }

    @Test
    void noFunctionDeletesAnythingButScratchAndPrunesStepsTheirPartAndNoneChangesTheBucketsProtection() {
        String text = readTemplate();
        assertThat(text).doesNotContain("S3CrudPolicy").doesNotContain("S3FullAccessPolicy")
                .doesNotContain("FullAccess").doesNotContain("AdministratorAccess");
        Map<String, String> stepOfFunction = stepOfFunction();
        for (var e : allAllowStatements().entrySet()) {
            for (String grant : e.getValue()) {
                String action = grant.replace("[HasVpc] ", "").split(" ")[0];
                for (String never : NEVER_ALLOWED) {
                    assertThat(CfnTemplate.covers(action, never)).as(e.getKey() + ": " + grant + " allows " + never)
                            .isFalse();
                }
                if (CfnTemplate.covers(action, "s3:DeleteObject")) {
                    if (e.getKey().equals("CleanupDrillRole/cleanup-drill")) {
                        assertThat(grant).as("a drill deletes only in its own namespaces")
                                .isEqualTo("s3:DeleteObject " + DRILL_NAMESPACES);
                    } else if (BACKUP_DELETES.containsKey(e.getKey())) {
                        assertThat(BACKUP_DELETES.get(e.getKey())).as(e.getKey()).contains(grant);
                    } else {
                        assertThat(grant).as(e.getKey()).isEqualTo("s3:DeleteObject " + SCRATCH);
                        assertThat(e.getKey()).as("only the scratch-delete policy, prune's delete steps and the "
                                + "drill's clean-up (in its namespaces) delete").isEqualTo("RunScratchDeletePolicy");
                    }
                }
            }
        }
        stepOfFunction.forEach((function, step) -> {
            Set<String> grants = roleGrants(template.resource(pascal(step) + "Role"));
            boolean deletesScratch = grants.contains("s3:DeleteObject " + SCRATCH);
            boolean deletesBackups = grants.stream().anyMatch(g -> CfnTemplate.covers(g.split(" ")[0],
                    "s3:DeleteObject") && !g.equals("s3:DeleteObject " + SCRATCH)
                    && !g.equals("s3:DeleteObject " + DRILL_NAMESPACES)); // a drill's own temporary objects

            assertThat(deletesScratch).as(function + " may delete scratch").isEqualTo(AwsSteps.get(step).deletes());
            assertThat(deletesBackups).as(function + " may delete backed-up data").isEqualTo(
                    StepCatalog.find(step).map(StepDefinition::deletesBackups).orElse(false));
        });
    }

    @Test
    void onlyFunctionsThatCallLakeFsKnowOrMayReadItsSecret() {
        Map<String, Object> globals = map(map(map(template.section("Globals").get("Function")).get("Environment"))
                .get("Variables"));
        assertThat(globals).doesNotContainKeys(AwsFunctionConfig.LAKEFS_SECRET_ARN, Env.LAKEFS_ENDPOINT);
        stepOfFunction().forEach((function, step) -> {
            boolean lakefs = AwsSteps.get(step).access() == StepDefinition.Access.LAKEFS;
            Map<String, Object> env = environment(function);
            assertThat(env.containsKey(AwsFunctionConfig.LAKEFS_SECRET_ARN)).as(function).isEqualTo(lakefs);
            assertThat(env.containsKey(Env.LAKEFS_ENDPOINT)).as(function).isEqualTo(lakefs);
            if (lakefs) {
                assertThat(render(env.get(AwsFunctionConfig.LAKEFS_SECRET_ARN))).isEqualTo("${LakeFsSecretArn}");
            }
            assertThat(roleGrants(template.resource(pascal(step) + "Role")).stream()
                    .anyMatch(g -> g.startsWith("secretsmanager:"))).as(function + " may read the secret")
                    .isEqualTo(lakefs);
        });
        for (var e : allAllowStatements().entrySet()) {
            if (e.getValue().stream().anyMatch(g -> g.startsWith("secretsmanager:"))) {
                if (e.getKey().equals("WebhookRole/start-backups")) {
                    assertThat(e.getValue()).as("the webhook reads its own secret only").isEqualTo(WEBHOOK_OWN);
                    continue;
                }
                assertThat(e.getKey()).isEqualTo("LakeFsSecretPolicy");
                assertThat(e.getValue()).isEqualTo(LAKEFS_SECRET);
            }
        }
    }

    @Test
    void functionsUseTheSharedEnvironmentNames() throws Exception {
        Set<String> known = new TreeSet<>(constants(Env.class));
        known.addAll(constants(AwsFunctionConfig.class));
        known.addAll(constants(org.lakefsbackup.aws.handler.WebhookHandler.class));
        known.addAll(constants(org.lakefsbackup.core.trigger.EventPolicy.class));
        known.add("JAVA_TOOL_OPTIONS");
        Set<String> used = new TreeSet<>(map(map(map(template.section("Globals").get("Function"))
                .get("Environment")).get("Variables")).keySet());
        stepOfFunction().keySet().forEach(f -> used.addAll(environment(f).keySet()));
        used.addAll(environment(WEBHOOK).keySet());
        assertThat(known).containsAll(used);
        assertThat(used).contains(Env.BACKUP_LOCATION, Env.CHUNK_CONCURRENCY, Env.PLAN_BATCH_OBJECTS,
                Env.VERIFY_BATCH_OBJECTS, AwsFunctionConfig.STEPS);
    }

    @Test
    void theWebhookFunctionStartsOnlyTheBackupStateMachineAndChecksTheSecretItself() {
        Map<String, Object> function = template.resource(WEBHOOK);
        assertThat(function.get("Condition")).isEqualTo("HasWebhook");
        Map<String, Object> p = properties(function);
        assertThat(p.get("Handler")).isEqualTo(org.lakefsbackup.aws.handler.WebhookHandler.class.getName()
                + "::handleRequest");
        assertThat(map(p.get("FunctionUrlConfig")).get("AuthType")).as("lakeFS cannot sign with SigV4")
                .isEqualTo("NONE");
        assertThat(render(p.get("Role"))).isEqualTo("${WebhookRole.Arn}");
        assertThat(p).doesNotContainKey("Policies");
        Map<String, Object> env = environment(WEBHOOK);
        assertThat(render(env.get(org.lakefsbackup.aws.handler.WebhookHandler.STATE_MACHINE_ARN)))
                .isEqualTo("${BackupStateMachine}");
        assertThat(render(env.get(org.lakefsbackup.aws.handler.WebhookHandler.WEBHOOK_SECRET_ARN)))
                .isEqualTo("${WebhookSecretArn}");
        assertThat(env).containsKeys(org.lakefsbackup.core.trigger.EventPolicy.REPOSITORIES_ENV,
                org.lakefsbackup.core.trigger.EventPolicy.BRANCHES_ENV, AwsFunctionConfig.LAKEFS_SECRET_ARN)
                .doesNotContainKey(AwsFunctionConfig.STEPS);
        assertThat(roleGrants(template.resource("WebhookRole")))
                .as("StartExecution on the backup state machine only; its secret; scratch; no delete")
                .containsExactlyInAnyOrderElementsOf(OTHER_ROLE_GRANTS.get("WebhookRole"))
                .noneMatch(g -> g.contains("DeleteObject"));
    }

    @Test
    void theBucketPolicyReservesVersionDeletionAndProtectionChangesToTheAdminRole() {
        Map<String, Object> admin = map(template.section("Parameters").get("BackupAdminRoleArn"));
        assertThat(admin).as("required: no default").doesNotContainKey("Default");
        assertThat((String) admin.get("AllowedPattern")).contains(":role/");
        Map<String, Object> policy = properties(template.resource("BackupBucketPolicy"));
        assertThat(render(policy.get("Bucket"))).isEqualTo("${BackupBucket}");
        List<Map<String, Object>> statements = list(map(policy.get("PolicyDocument")).get("Statement")).stream()
                .map(CfnTemplate::map).toList();
        Map<String, Object> reserved = statements.stream()
                .filter(s -> list(s.get("Action")).contains("s3:DeleteObjectVersion")).findFirst().orElseThrow();
        assertThat(reserved.get("Effect")).isEqualTo("Deny");
        assertThat(reserved.get("Principal")).isEqualTo("*");
        assertThat(list(reserved.get("Action"))).contains("s3:DeleteObjectVersion", "s3:PutLifecycleConfiguration",
                "s3:PutBucketPolicy", "s3:PutBucketObjectLockConfiguration");
        assertThat(list(reserved.get("Resource")).stream().map(CfnTemplate::render))
                .containsExactlyInAnyOrder("${BackupBucket.Arn}", "${BackupBucket.Arn}/*");
        assertThat(reserved.get("Condition").toString()).isEqualTo(
                "{ArnNotEquals={aws:PrincipalArn={Ref=BackupAdminRoleArn}}}");
        assertThat(statements).anySatisfy(s -> {
            assertThat(s.get("Effect")).isEqualTo("Deny");
            assertThat(s.get("Action")).isEqualTo("s3:*");
            assertThat(s.get("Condition").toString()).isEqualTo("{Bool={aws:SecureTransport=false}}");
        });
    }

    @Test
    void aBucketTheStackCreatesHasObjectLockInGovernanceModeByDefault() {
        Map<String, Object> parameters = template.section("Parameters");
        assertThat(map(parameters.get("ObjectLockMode")).get("Default")).isEqualTo("GOVERNANCE");
        assertThat(map(parameters.get("ObjectLockRetentionDays"))).containsEntry("Type", "Number")
                .containsKey("Default");
        assertThat(template.section("Conditions").get("UseObjectLock").toString()).isEqualTo(
                "{Fn::And=[{Condition=CreateBucket}, {Fn::Not=[{Fn::Equals=[{Ref=ObjectLockMode}, NONE]}]}]}");
        Map<String, Object> bucket = properties(template.resource("BackupBucket"));
        assertThat(render(bucket.get("ObjectLockEnabled"))).isEqualTo("If(UseObjectLock,true,${AWS::NoValue})");
        List<Object> lock = list(map(bucket.get("ObjectLockConfiguration")).get("Fn::If"));
        assertThat(lock.get(0)).isEqualTo("UseObjectLock");
        Map<String, Object> retention = map(map(map(lock.get(1)).get("Rule")).get("DefaultRetention"));
        assertThat(render(retention.get("Mode"))).isEqualTo("${ObjectLockMode}");
        assertThat(render(retention.get("Days"))).isEqualTo("${ObjectLockRetentionDays}");
        assertThat(map(bucket.get("VersioningConfiguration"))).containsEntry("Status", "Enabled");
        assertThat(template.resource("BackupBucket")).containsEntry("DeletionPolicy", "Retain");
    }

    @Test
    void theLifecycleExpiresOnlyRunScratch() {
        Set<String> expiring = Set.of("ExpirationInDays", "ExpirationDate", "ExpiredObjectDeleteMarker",
                "NoncurrentVersionExpiration", "NoncurrentVersionExpirationInDays", "Transitions", "Transition",
                "NoncurrentVersionTransitions", "NoncurrentVersionTransition");
        String scratch = "${BackupPrefix}/" + BackupLayout.SCRATCH + "/";
        Set<String> kinds = new TreeSet<>();
        for (Object r : list(map(properties(template.resource("BackupBucket")).get("LifecycleConfiguration"))
                .get("Rules"))) {
            Map<String, Object> rule = map(r);
            assertThat(rule).as("rules select by Prefix only").doesNotContainKeys("Filter", "TagFilters",
                    "ObjectSizeGreaterThan", "ObjectSizeLessThan");
            Set<String> effects = new TreeSet<>(rule.keySet());
            effects.removeAll(Set.of("Id", "Status", "Prefix"));
            if (effects.stream().anyMatch(expiring::contains)) {
                assertThat(render(rule.get("Prefix"))).as(rule.get("Id") + " expires only scratch").isEqualTo(scratch);
            } else {
                assertThat(effects).as(rule.get("Id").toString()).containsOnly("AbortIncompleteMultipartUpload");
            }
            kinds.addAll(effects);
        }
        assertThat(kinds).containsExactlyInAnyOrder("AbortIncompleteMultipartUpload", "ExpirationInDays",
                "NoncurrentVersionExpiration", "ExpiredObjectDeleteMarker");
    }

    @Test
    void theVpcParametersPutEveryFunctionInTheVpcWithItsNetworkInterfaces() {
        Map<String, Object> parameters = template.section("Parameters");
        for (String p : List.of("VpcSubnetIds", "VpcSecurityGroupIds")) {
            assertThat(map(parameters.get(p))).as(p).containsEntry("Type", "CommaDelimitedList")
                    .containsEntry("Default", "");
        }
        assertThat(render(template.section("Conditions").get("HasVpc"))).contains("${VpcSubnetIds}");
        assertThat(render(map(template.section("Globals").get("Function")).get("VpcConfig"))).isEqualTo(
                "If(HasVpc,{SecurityGroupIds=${VpcSecurityGroupIds}, SubnetIds=${VpcSubnetIds}},${AWS::NoValue})");
        assertThat(template.resource("FunctionVpcPolicy")).containsEntry("Condition", "HasVpc");
        stepOfFunction().forEach((function, step) -> {
            assertThat(properties(template.resource(function))).as(function).doesNotContainKey("VpcConfig");
            assertThat(roleGrants(template.resource(pascal(step) + "Role"))).as(function)
                    .contains("[HasVpc] ec2:CreateNetworkInterface arn:aws:ec2:${AWS::Region}:${AWS::AccountId}:*/*");
        });
    }

    @Test
    void noStatementAllowsEveryActionOnEveryResource() {
        allAllowStatements().forEach((where, grants) -> assertThat(grants).as(where)
                .noneMatch(g -> g.replace("[HasVpc] ", "").startsWith("* *")));
    }

    @Test
    void samconfigGivesOnlyTemplateParametersAndEveryRequiredOne() throws Exception {
        Map<String, Object> parameters = template.section("Parameters");
        Set<String> required = parameters.entrySet().stream().filter(e -> !map(e.getValue()).containsKey("Default"))
                .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
        Map<String, Set<String>> given = new TreeMap<>();
        String environment = null;
        for (String line : Files.readAllLines(TEMPLATE.resolveSibling("samconfig.toml"))) {
            var section = Pattern.compile("^\\[(\\w+)\\.deploy\\.parameters]$").matcher(line);
            if (section.matches()) {
                environment = section.group(1);
                given.put(environment, new TreeSet<>());
            } else if (line.startsWith("[")) {
                environment = null;
            }
            var override = Pattern.compile("^\\s+\"([A-Za-z0-9]+)=.*\",?$").matcher(line);
            if (environment != null && override.matches()) {
                given.get(environment).add(override.group(1));
            }
        }
        assertThat(given).isNotEmpty();
        given.forEach((env, names) -> {
            assertThat(parameters.keySet()).as(env + ": parameters of the template").containsAll(names);
            assertThat(names).as(env + ": the required parameters").containsAll(required);
        });
    }

    @Test
    void theExampleInputsBindToTheStepRecords() throws Exception {
        Path ex = NodeRunner.DIR.resolve("examples");
        assertThat(Json.mapper().readValue(ex.resolve("scheduled-backup.json").toFile(), BackupRequest.class)
                .repository()).isEqualTo("analytics");
        assertThat(Json.mapper().readValue(ex.resolve("backup-all.json").toFile(), BackupAllRequest.class)
                .repositories()).isEmpty();
        assertThat(Json.mapper().readValue(ex.resolve("prune.json").toFile(), PruneRequest.class).policy()
                .keepDaily()).isEqualTo(7);
        assertThat(Json.mapper().readValue(ex.resolve("prune-all.json").toFile(), PruneAllRequest.class)
                .policyOf("audit-logs").keepMonthly()).isEqualTo(84);
        for (String f : new String[] {"restore-dr.json", "restore-migrate.json", "restore-clone.json"}) {
            var node = (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(ex.resolve(f).toFile());
            if (!node.has("ignore_storage_id")) {
                node.put("ignore_storage_id", false); // what the prepare-restore function fills in
            }
            RestoreRequest r = Json.mapper().treeToValue(node, RestoreRequest.class);
            assertThat(r.targetNamespace()).as(f).startsWith("s3://");
        }
    }

    // --- reading the template ---

    /** Function logical id to the one step its {@code LAKEFS_BACKUP_STEPS} names. */
    Map<String, String> stepOfFunction() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String id : template.resources("AWS::Serverless::Function").keySet()) {
            if (id.equals(WEBHOOK)) {
                continue; // runs no step: the webhook of lakeFS actions (webhookFunction... below)
            }
            Object steps = environment(id).get(AwsFunctionConfig.STEPS);
            assertThat(steps).as(id + " names its step").isInstanceOf(String.class);
            assertThat((String) steps).as(id + " runs one step").doesNotContain(",");
            out.put(id, (String) steps);
        }
        return out;
    }

    Map<String, Object> environment(String function) {
        return map(map(properties(template.resource(function)).get("Environment")).get("Variables"));
    }

    /** Everything a role allows: its managed policies (those of this template only) and its inline policies. */
    Set<String> roleGrants(Map<String, Object> role) {
        Map<String, Object> p = properties(role);
        Set<String> out = new TreeSet<>();
        for (Object arn : list(p.get("ManagedPolicyArns"))) {
            String condition = "";
            Object ref = arn;
            if ("Fn::If".equals(intrinsic(arn))) {
                List<Object> branches = list(map(arn).get("Fn::If"));
                assertThat(render(branches.get(2))).as("a conditional policy is absent otherwise")
                        .isEqualTo("${AWS::NoValue}");
                condition = "[" + branches.get(0) + "] ";
                ref = branches.get(1);
            }
            assertThat(intrinsic(ref)).as("managed policies of this template only: " + arn).isEqualTo("Ref");
            String id = (String) map(ref).get("Ref");
            Map<String, Object> policy = template.resource(id);
            assertThat(policy.get("Type")).isEqualTo("AWS::IAM::ManagedPolicy");
            out.addAll(grants(statements(map(properties(policy).get("PolicyDocument"))), condition));
        }
        for (Object inline : list(p.get("Policies"))) {
            out.addAll(grants(statements(map(map(inline).get("PolicyDocument"))), ""));
        }
        return out;
    }

    /** Resource id (or id/policy) to the grants of every Allow statement it holds, anywhere in the template. */
    Map<String, Set<String>> allAllowStatements() {
        Map<String, Set<String>> out = new TreeMap<>();
        template.section("Resources").forEach((id, r) -> {
            Map<String, Object> p = properties(map(r));
            String type = (String) map(r).get("Type");
            switch (type) {
                case "AWS::IAM::ManagedPolicy" -> out.put(id, grants(statements(map(p.get("PolicyDocument"))), ""));
                case "AWS::IAM::Role" -> list(p.get("Policies")).forEach(i -> out.put(id + "/"
                        + map(i).get("PolicyName"), grants(statements(map(map(i).get("PolicyDocument"))), "")));
                case "AWS::Serverless::Function", "AWS::Serverless::StateMachine" -> {
                    Set<String> g = new TreeSet<>();
                    list(p.get("Policies")).forEach(i -> g.addAll(grants(statements(map(i)), "")));
                    out.put(id, g);
                }
                default -> {
                    // bucket and key policies are resource policies (checked on their own)
                }
            }
        });
        return out;
    }

    static List<Map<String, Object>> statements(Map<String, Object> document) {
        return list(document.get("Statement")).stream().map(CfnTemplate::map).toList();
    }

    /** The grants of the Allow statements: one {@code "<action> <resource>[ when <condition>]"} per pair. */
    static Set<String> grants(List<Map<String, Object>> statements, String prefix) {
        Set<String> out = new TreeSet<>();
        for (Map<String, Object> s : statements) {
            assertThat(s).as("no NotAction/NotResource/NotPrincipal").doesNotContainKeys("NotAction", "NotResource",
                    "NotPrincipal");
            if (!"Allow".equals(s.get("Effect"))) {
                continue;
            }
            String when = s.containsKey("Condition") ? " when " + condition(map(s.get("Condition"))) : "";
            for (Object action : list(s.get("Action"))) {
                for (Object resource : list(s.get("Resource"))) {
                    out.add(prefix + action + " " + render(resource) + when);
                }
            }
        }
        return out;
    }

    private static String condition(Map<String, Object> condition) {
        List<String> parts = new ArrayList<>();
        condition.forEach((op, keys) -> map(keys).forEach((k, v) -> parts.add(op + " " + k + "=" + render(v))));
        return String.join("; ", parts);
    }

    /** The task states of a definition, nested maps and parallel branches included. */
    static List<JsonNode> tasks(JsonNode definition) {
        List<JsonNode> out = new ArrayList<>();
        for (Iterator<JsonNode> it = definition.path("States").elements(); it.hasNext(); ) {
            JsonNode state = it.next();
            if ("Task".equals(state.path("Type").asText())) {
                out.add(state);
            }
            for (String nested : List.of("ItemProcessor", "Iterator")) {
                if (state.has(nested)) {
                    out.addAll(tasks(state.get(nested)));
                }
            }
            state.path("Branches").forEach(b -> out.addAll(tasks(b)));
        }
        return out;
    }

    private static String placeholderIn(String text) {
        Set<String> p = CfnTemplate.placeholders(text);
        return p.size() == 1 ? p.iterator().next() : null;
    }

    private String readTemplate() {
        try {
            return Files.readString(TEMPLATE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Set<String> constants(Class<?> type) throws IllegalAccessException {
        Set<String> out = new TreeSet<>();
        for (Field f : type.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                out.add((String) f.get(null));
            }
        }
        return out;
    }

    // --- building the tables ---

    /** {@code prepare-backup} -> {@code PrepareBackup}: the naming rule of functions and placeholders. */
    static String pascal(String step) {
        return Stream.of(step.split("-")).map(p -> Character.toUpperCase(p.charAt(0)) + p.substring(1))
                .collect(Collectors.joining());
    }

    static Set<String> grants(String... grants) {
        return Set.of(grants);
    }

    @SafeVarargs
    static Set<String> union(Set<String>... sets) {
        Set<String> out = new TreeSet<>();
        for (Set<String> s : sets) {
            out.addAll(s);
        }
        return out;
    }

    @SafeVarargs
    static Map.Entry<String, Set<String>> row(String step, Set<String>... bundles) {
        return Map.entry(step, union(bundles));
    }

    @SafeVarargs
    static Map<String, Set<String>> table(Map.Entry<String, Set<String>>... rows) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (var r : rows) {
            assertThat(out.put(r.getKey(), r.getValue())).as("one row per step: " + r.getKey()).isNull();
        }
        return out;
    }
}
