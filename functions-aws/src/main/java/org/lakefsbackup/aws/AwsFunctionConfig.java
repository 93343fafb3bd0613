package org.lakefsbackup.aws;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.lakefsbackup.core.config.BackupConfig;
import org.lakefsbackup.core.config.EnvReader;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.step.Settings;

/**
 * Everything a function reads from its environment, read in one place ({@link #fromEnvironment(Map)}): the
 * configuration every host shares ({@link BackupConfig}, with the same variable names as the CLI, e.g.
 * {@code LAKECTL_SERVER_ENDPOINT_URL}, {@code LAKEFS_BACKUP_LOCATION}, {@code LAKEFS_BACKUP_CHUNK_CONCURRENCY}) and what
 * only the AWS host has. Holds no secret: the lakeFS credentials are referenced by {@link #lakefsSecretArn} and
 * fetched at run time.
 *
 * @param shared                 the host-neutral configuration
 * @param steps                  {@code LAKEFS_BACKUP_STEPS}: the catalog steps this function runs (comma-separated;
 *                               required): a payload naming another step is refused
 * @param lakefsSecretArn        {@code LAKEFS_SECRET_ARN}: Secrets Manager secret holding
 *                               {@code {"access_key_id","secret_access_key","endpoint_url"?}}; required by steps that
 *                               call lakeFS, absent from functions that never do
 * @param secretsManagerEndpoint {@code LAKEFS_BACKUP_SECRETS_ENDPOINT}: endpoint override (tests, VPC endpoints)
 * @param batchThresholdObjects  {@code LAKEFS_BACKUP_BATCH_THRESHOLD_OBJECTS}: plans copying more objects than this
 *                               are flagged for S3 Batch Operations (default 0 = never)
 * @param metricsNamespace       {@code LAKEFS_BACKUP_METRICS_NAMESPACE}: CloudWatch namespace (default LakeFsBackup)
 * @param batch                  the S3 Batch Operations settings ({@link BatchSettings})
 */
public record AwsFunctionConfig(BackupConfig shared, List<String> steps, String lakefsSecretArn,
                                URI secretsManagerEndpoint, long batchThresholdObjects, String metricsNamespace,
                                BatchSettings batch) {

    public static final String STEPS = "LAKEFS_BACKUP_STEPS";
    public static final String LAKEFS_SECRET_ARN = "LAKEFS_SECRET_ARN";
    public static final String SECRETS_ENDPOINT = "LAKEFS_BACKUP_SECRETS_ENDPOINT";
    public static final String BATCH_THRESHOLD = "LAKEFS_BACKUP_BATCH_THRESHOLD_OBJECTS";
    public static final String METRICS_NAMESPACE = "LAKEFS_BACKUP_METRICS_NAMESPACE";
    public static final String BATCH_ROLE_ARN = "LAKEFS_BACKUP_BATCH_ROLE_ARN";
    public static final String ACCOUNT_ID = "LAKEFS_BACKUP_ACCOUNT_ID";
    public static final String S3CONTROL_ENDPOINT = "LAKEFS_BACKUP_S3CONTROL_ENDPOINT";
    public static final String BATCH_PRIORITY = "LAKEFS_BACKUP_BATCH_PRIORITY";
    public static final String BATCH_REPORT_SCOPE = "LAKEFS_BACKUP_BATCH_REPORT_SCOPE";

    /**
     * The S3 Batch Operations settings, used only when {@code batchThresholdObjects} is above 0.
     *
     * @param roleArn        {@code LAKEFS_BACKUP_BATCH_ROLE_ARN}: the role Batch Operations assumes to copy
     * @param accountId      {@code LAKEFS_BACKUP_ACCOUNT_ID}: the account that owns the jobs
     * @param endpoint       {@code LAKEFS_BACKUP_S3CONTROL_ENDPOINT}: S3 Control endpoint override (tests), else AWS
     * @param priority       {@code LAKEFS_BACKUP_BATCH_PRIORITY}: job priority (default 10)
     * @param allTasksReport {@code LAKEFS_BACKUP_BATCH_REPORT_SCOPE}: {@code AllTasks} or {@code FailedTasksOnly}
     *                       (default); the workflow only reads failed tasks
     */
    public record BatchSettings(String roleArn, String accountId, URI endpoint, int priority, boolean allTasksReport) {
        public BatchSettings {
            if (priority < 0) {
                throw ErrorCode.INVALID_INPUT.exception(BATCH_PRIORITY + " must not be negative");
            }
        }

        /** Whether a job can be created: a role and an account are configured. */
        public boolean configured() {
            return roleArn != null && accountId != null;
        }
    }

    public AwsFunctionConfig {
        Objects.requireNonNull(shared, "shared");
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw ErrorCode.INVALID_INPUT.exception(STEPS + " is not set: the function needs the names of the steps "
                    + "it runs");
        }
        if (batchThresholdObjects < 0) {
            throw ErrorCode.INVALID_INPUT.exception(BATCH_THRESHOLD + " must not be negative");
        }
        metricsNamespace = metricsNamespace == null || metricsNamespace.isBlank() ? "LakeFsBackup" : metricsNamespace;
        batch = batch == null ? new BatchSettings(null, null, null, 10, false) : batch;
        if (batchThresholdObjects > 0 && !batch.configured()) {
            throw ErrorCode.INVALID_INPUT.exception(BATCH_THRESHOLD + " is set, so " + BATCH_ROLE_ARN + " and "
                    + ACCOUNT_ID + " must be set too");
        }
    }

    /** Reads the configuration from an environment (normally {@code System.getenv()}). */
    public static AwsFunctionConfig fromEnvironment(Map<String, String> env) {
        EnvReader read = new EnvReader(env);
        return new AwsFunctionConfig(
                BackupConfig.fromEnvironment(env),
                read.list(STEPS),
                read.string(LAKEFS_SECRET_ARN),
                read.uri(SECRETS_ENDPOINT),
                read.number(BATCH_THRESHOLD, 0),
                read.string(METRICS_NAMESPACE),
                new BatchSettings(read.string(BATCH_ROLE_ARN), read.string(ACCOUNT_ID),
                        read.uri(S3CONTROL_ENDPOINT), (int) read.number(BATCH_PRIORITY, 10),
                        reportScope(read.string(BATCH_REPORT_SCOPE))));
    }

    /** The step tunables. */
    public Settings settings() {
        return shared.settings();
    }

    /** The backup location of a request, or the configured one. */
    public String backupOrDefault(String requested) {
        return shared.backupOrDefault(requested);
    }

    private static boolean reportScope(String v) {
        if (v == null || v.equals("FailedTasksOnly")) {
            return false;
        }
        if (v.equals("AllTasks")) {
            return true;
        }
        throw ErrorCode.INVALID_INPUT.exception(BATCH_REPORT_SCOPE + " must be AllTasks or FailedTasksOnly, was '"
                + v + "'");
    }
}
