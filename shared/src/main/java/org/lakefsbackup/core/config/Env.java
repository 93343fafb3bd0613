package org.lakefsbackup.core.config;

import java.util.List;

/**
 * The environment variables every host reads, named once. The CLI takes defaults from the environment only for the
 * connection and tuning options ({@link #CLI_DEFAULTS}), never for options that change what a command does
 * ({@code --all}, {@code --commit}, {@code --rm}...).
 */
public final class Env {
    private Env() {
    }

    /** The lakeFS endpoint ({@code /api/v1} is appended when missing); lakectl's own name. */
    public static final String LAKEFS_ENDPOINT = "LAKECTL_SERVER_ENDPOINT_URL";
    /** The lakeFS access key id (CLI; cloud functions read a secret instead); lakectl's own name. */
    public static final String LAKEFS_ACCESS_KEY_ID = "LAKECTL_CREDENTIALS_ACCESS_KEY_ID";
    /** The lakeFS secret access key (CLI); lakectl's own name. */
    public static final String LAKEFS_SECRET_ACCESS_KEY = "LAKECTL_CREDENTIALS_SECRET_ACCESS_KEY";
    /** The backup location used when a command or workflow input names none. */
    public static final String BACKUP_LOCATION = "LAKEFS_BACKUP_LOCATION";
    /** S3 endpoint override (MinIO, a VPC endpoint...). */
    public static final String S3_ENDPOINT = "LAKEFS_BACKUP_S3_ENDPOINT";
    /** S3 region; else {@code AWS_REGION}; else the SDK's chain. */
    public static final String S3_REGION = "LAKEFS_BACKUP_S3_REGION";
    /** Path-style S3 addressing ({@code true}/{@code false}). */
    public static final String S3_PATH_STYLE = "LAKEFS_BACKUP_S3_PATH_STYLE";
    /** Azure Blob endpoint override (Azurite, a sovereign cloud): the account's blob endpoint URL. */
    public static final String AZURE_ENDPOINT = "LAKEFS_BACKUP_AZURE_ENDPOINT";
    /** Whether Azure may copy S3 objects itself from presigned URLs ({@code true}, the default, or {@code false}). */
    public static final String AZURE_COPY_FROM_URLS = "LAKEFS_BACKUP_AZURE_COPY_FROM_URLS";
    /** Azure storage account keys ({@code account=key,...}) where no managed identity serves (Azurite); a secret. */
    public static final String AZURE_ACCOUNT_KEYS = "LAKEFS_BACKUP_AZURE_ACCOUNT_KEYS";
    /** A PEM bundle of extra certificate authorities to trust for HTTPS (else {@code AWS_CA_BUNDLE}). */
    public static final String CA_BUNDLE = "LAKEFS_BACKUP_CA_BUNDLE";
    /** lakeFS's {@code blockstore.local.path}, root of {@code local://} namespaces. */
    public static final String LOCAL_ROOT = "LAKEFS_BACKUP_LOCAL_ROOT";
    /** Objects per copy chunk. */
    public static final String CHUNK_SIZE = "LAKEFS_BACKUP_CHUNK_SIZE";
    /** Concurrent copies inside one copy step. */
    public static final String CONCURRENCY = "LAKEFS_BACKUP_CONCURRENCY";
    /** Copy steps run at once by the workflows' fan-out. */
    public static final String CHUNK_CONCURRENCY = "LAKEFS_BACKUP_CHUNK_CONCURRENCY";
    /** Seconds a lakeFS task may go without progress before it is stale. */
    public static final String TASK_TIMEOUT = "LAKEFS_BACKUP_TASK_TIMEOUT";
    /** Objects one plan step merges before the workflow calls it again. */
    public static final String PLAN_BATCH_OBJECTS = "LAKEFS_BACKUP_PLAN_BATCH_OBJECTS";
    /** Inventory entries one verify step checks before the workflow calls it again. */
    public static final String VERIFY_BATCH_OBJECTS = "LAKEFS_BACKUP_VERIFY_BATCH_OBJECTS";
    /** Objects one prune delete step deletes before the workflow calls it again. */
    public static final String DELETE_BATCH_OBJECTS = "LAKEFS_BACKUP_DELETE_BATCH_OBJECTS";
    /** Seconds a lease lasts without renewal. */
    public static final String LEASE_TTL = "LAKEFS_BACKUP_LEASE_TTL";
    /** Retries of a step that failed with a retryable error, when steps run in-process (the CLI). */
    public static final String RETRIES = "LAKEFS_BACKUP_RETRIES";

    /**
     * Where restore drills put their temporary namespaces ({@code <prefix>/<drill>/<run>}); on AWS the only prefix
     * the drill may delete from.
     */
    public static final String DRILL_NAMESPACE = "LAKEFS_BACKUP_DRILL_NAMESPACE";

    /** The variables the CLI takes option defaults from: connection and tuning only. */
    public static final List<String> CLI_DEFAULTS = List.of(BACKUP_LOCATION, S3_ENDPOINT, S3_REGION, S3_PATH_STYLE,
            AZURE_ENDPOINT, AZURE_COPY_FROM_URLS, CA_BUNDLE, LOCAL_ROOT, CHUNK_SIZE, CONCURRENCY, CHUNK_CONCURRENCY, TASK_TIMEOUT, PLAN_BATCH_OBJECTS,
            VERIFY_BATCH_OBJECTS, DELETE_BATCH_OBJECTS, LEASE_TTL, RETRIES, DRILL_NAMESPACE);
}
