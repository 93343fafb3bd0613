package org.lakefsbackup.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.step.Settings;
import org.lakefsbackup.core.store.Location;

/**
 * Everything a function reads from its environment, read in one place ({@link #fromEnvironment(Map)}). Holds no
 * secret: the lakeFS credentials are referenced by {@link #lakefsSecretArn} and fetched at run time.
 *
 * @param lakefsEndpoint        {@code LAKEFS_ENDPOINT_URL}: the lakeFS API ({@code /api/v1} appended when missing);
 *                              {@code null} to take {@code endpoint_url} from the secret
 * @param lakefsSecretArn       {@code LAKEFS_SECRET_ARN} (required): Secrets Manager secret holding
 *                              {@code {"access_key_id","secret_access_key","endpoint_url"?}}
 * @param secretsManagerEndpoint {@code LAKEFS_BACKUP_SECRETS_ENDPOINT}: endpoint override (tests, VPC endpoints)
 * @param defaultBackup         {@code LAKEFS_BACKUP_LOCATION}: backup location used when an input names none
 * @param s3Endpoint            {@code LAKEFS_BACKUP_S3_ENDPOINT}: S3 endpoint override, {@code null} for AWS
 * @param s3Region              {@code LAKEFS_BACKUP_S3_REGION}, else {@code AWS_REGION}; {@code null} for the SDK chain
 * @param s3PathStyle           {@code LAKEFS_BACKUP_S3_PATH_STYLE} (default false)
 * @param settings              step tunables: {@code LAKEFS_BACKUP_CHUNK_SIZE} (1,000),
 *                              {@code LAKEFS_BACKUP_CONCURRENCY} (16, copies inside one copy invocation),
 *                              {@code LAKEFS_BACKUP_TASK_TIMEOUT} seconds (3,600)
 * @param mapMaxConcurrency     {@code LAKEFS_BACKUP_MAP_CONCURRENCY}: concurrent copy-chunk invocations of the
 *                              Distributed Map (default 40)
 * @param batchThresholdObjects {@code LAKEFS_BACKUP_BATCH_THRESHOLD_OBJECTS}: plans copying more objects than this
 *                              are flagged for S3 Batch Operations (default 0 = never)
 * @param planBatchObjects      {@code LAKEFS_BACKUP_PLAN_BATCH_OBJECTS}: source objects one plan invocation merges
 *                              before it stops and the workflow calls it again to continue (default 2,000,000,
 *                              well inside Lambda's 15 minutes at about 1,000 keys per 100 ms LIST page)
 * @param verifyBatchObjects    {@code LAKEFS_BACKUP_VERIFY_BATCH_OBJECTS}: inventory entries one verify invocation
 *                              checks before it stops and the workflow calls it again to continue (default
 *                              5,000,000; verifying lists one namespace, not two, and reads the inventory)
 * @param metricsNamespace      {@code LAKEFS_BACKUP_METRICS_NAMESPACE}: CloudWatch namespace (default LakeFsBackup)
 * @param batch                 the S3 Batch Operations settings ({@link BatchSettings})
 */
public record AwsFunctionConfig(URI lakefsEndpoint, String lakefsSecretArn, URI secretsManagerEndpoint,
                                String defaultBackup, URI s3Endpoint, String s3Region, boolean s3PathStyle,
                                Settings settings, int mapMaxConcurrency, long batchThresholdObjects,
                                long planBatchObjects, long verifyBatchObjects, String metricsNamespace, BatchSettings batch) {

    public static final String LAKEFS_ENDPOINT_URL = "LAKEFS_ENDPOINT_URL";
    public static final String LAKEFS_SECRET_ARN = "LAKEFS_SECRET_ARN";
    public static final String SECRETS_ENDPOINT = "LAKEFS_BACKUP_SECRETS_ENDPOINT";
    public static final String BACKUP_LOCATION = "LAKEFS_BACKUP_LOCATION";
    public static final String S3_ENDPOINT = "LAKEFS_BACKUP_S3_ENDPOINT";
    public static final String S3_REGION = "LAKEFS_BACKUP_S3_REGION";
    public static final String S3_PATH_STYLE = "LAKEFS_BACKUP_S3_PATH_STYLE";
    public static final String CHUNK_SIZE = "LAKEFS_BACKUP_CHUNK_SIZE";
    public static final String CONCURRENCY = "LAKEFS_BACKUP_CONCURRENCY";
    public static final String TASK_TIMEOUT = "LAKEFS_BACKUP_TASK_TIMEOUT";
    public static final String MAP_CONCURRENCY = "LAKEFS_BACKUP_MAP_CONCURRENCY";
    public static final String BATCH_THRESHOLD = "LAKEFS_BACKUP_BATCH_THRESHOLD_OBJECTS";
    public static final String PLAN_BATCH_OBJECTS = "LAKEFS_BACKUP_PLAN_BATCH_OBJECTS";
    public static final long DEFAULT_PLAN_BATCH_OBJECTS = 2_000_000;
    public static final String VERIFY_BATCH_OBJECTS = "LAKEFS_BACKUP_VERIFY_BATCH_OBJECTS";
    public static final long DEFAULT_VERIFY_BATCH_OBJECTS = 5_000_000;
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
        if (lakefsSecretArn == null || lakefsSecretArn.isBlank()) {
            throw ErrorCode.INVALID_INPUT.exception(LAKEFS_SECRET_ARN + " is not set: the function needs the ARN of "
                    + "the Secrets Manager secret holding the lakeFS access key");
        }
        if (defaultBackup != null) {
            Location.parse(defaultBackup);
        }
        Objects.requireNonNull(settings, "settings");
        if (mapMaxConcurrency < 1 || mapMaxConcurrency > 10_000) {
            throw ErrorCode.INVALID_INPUT.exception(MAP_CONCURRENCY + " must be between 1 and 10000");
        }
        if (batchThresholdObjects < 0) {
            throw ErrorCode.INVALID_INPUT.exception(BATCH_THRESHOLD + " must not be negative");
        }
        if (planBatchObjects < 1) {
            throw ErrorCode.INVALID_INPUT.exception(PLAN_BATCH_OBJECTS + " must be at least 1");
        }
        if (verifyBatchObjects < 1) {
            throw ErrorCode.INVALID_INPUT.exception(VERIFY_BATCH_OBJECTS + " must be at least 1");
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
        Settings settings = Settings.defaults()
                .withCopyChunkSize(intValue(env, CHUNK_SIZE, 1_000))
                .withCopyConcurrency(intValue(env, CONCURRENCY, 16))
                .withTaskTimeout(Duration.ofSeconds(intValue(env, TASK_TIMEOUT, 3_600)));
        String region = blankToNull(env.get(S3_REGION));
        return new AwsFunctionConfig(
                uri(env, LAKEFS_ENDPOINT_URL),
                blankToNull(env.get(LAKEFS_SECRET_ARN)),
                uri(env, SECRETS_ENDPOINT),
                blankToNull(env.get(BACKUP_LOCATION)),
                uri(env, S3_ENDPOINT),
                region != null ? region : blankToNull(env.get("AWS_REGION")),
                Boolean.parseBoolean(env.getOrDefault(S3_PATH_STYLE, "false").trim()),
                settings,
                intValue(env, MAP_CONCURRENCY, 40),
                longValue(env, BATCH_THRESHOLD, 0),
                longValue(env, PLAN_BATCH_OBJECTS, DEFAULT_PLAN_BATCH_OBJECTS),
                longValue(env, VERIFY_BATCH_OBJECTS, DEFAULT_VERIFY_BATCH_OBJECTS),
                blankToNull(env.get(METRICS_NAMESPACE)),
                new BatchSettings(blankToNull(env.get(BATCH_ROLE_ARN)), blankToNull(env.get(ACCOUNT_ID)),
                        uri(env, S3CONTROL_ENDPOINT), intValue(env, BATCH_PRIORITY, 10),
                        reportScope(env.get(BATCH_REPORT_SCOPE))));
    }

    private static boolean reportScope(String value) {
        String v = blankToNull(value);
        if (v == null || v.equals("FailedTasksOnly")) {
            return false;
        }
        if (v.equals("AllTasks")) {
            return true;
        }
        throw ErrorCode.INVALID_INPUT.exception(BATCH_REPORT_SCOPE + " must be AllTasks or FailedTasksOnly, was '"
                + v + "'");
    }

    /** The backup location of a request, or the configured default; INVALID_INPUT when there is neither. */
    public String backupOrDefault(String requested) {
        if (requested != null && !requested.isBlank()) {
            return requested;
        }
        if (defaultBackup == null) {
            throw ErrorCode.INVALID_INPUT.exception("the input names no backup location and " + BACKUP_LOCATION
                    + " is not set");
        }
        return defaultBackup;
    }

    private static URI uri(Map<String, String> env, String name) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return null;
        }
        try {
            return URI.create(value);
        } catch (IllegalArgumentException e) {
            throw ErrorCode.INVALID_INPUT.exception(name + " is not a URI", e);
        }
    }

    private static int intValue(Map<String, String> env, String name, int defaultValue) {
        long v = longValue(env, name, defaultValue);
        if (v > Integer.MAX_VALUE) {
            throw ErrorCode.INVALID_INPUT.exception(name + " is too large: " + v);
        }
        return (int) v;
    }

    private static long longValue(Map<String, String> env, String name, long defaultValue) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ErrorCode.INVALID_INPUT.exception(name + " must be a whole number, was '" + value + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
