package org.lakefsbackup.azure;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.lakefsbackup.core.config.BackupConfig;
import org.lakefsbackup.core.config.Env;
import org.lakefsbackup.core.config.EnvReader;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.model.RepositoryName;
import org.lakefsbackup.core.step.Settings;
import org.lakefsbackup.core.store.azure.AzureBlobStoreConfig;

/**
 * Everything the Azure functions read from their app settings, read in one place ({@link #fromEnvironment(Map)}):
 * the configuration every host shares ({@link BackupConfig}, the same names as the CLI and the AWS functions) and
 * what only the Azure host has. Holds no secret: the lakeFS key pair is read when a step first calls lakeFS, from
 * {@code LAKECTL_CREDENTIALS_ACCESS_KEY_ID} and {@code LAKECTL_CREDENTIALS_SECRET_ACCESS_KEY}, which the Function App
 * sets from Key Vault references (see {@code infra/azure}).
 *
 * @param shared                the host-neutral configuration
 * @param azureEndpoint         {@code LAKEFS_BACKUP_AZURE_ENDPOINT}: a Blob endpoint serving every account path-style
 *                              (Azurite), or {@code null} for {@code https://<account>.blob.core.windows.net}
 * @param azureCopyFromUrls     {@code LAKEFS_BACKUP_AZURE_COPY_FROM_URLS}: Azure copies S3 objects itself from
 *                              presigned URLs (default true)
 * @param scheduledRepositories {@code LAKEFS_BACKUP_SCHEDULED_REPOSITORIES}: what the timer trigger backs up
 *                              (comma-separated; empty for every repository)
 * @param scheduledCommit       {@code LAKEFS_BACKUP_SCHEDULED_COMMIT}: the scheduled backups commit uncommitted
 *                              changes first (default false)
 * @param site                  {@code WEBSITE_SITE_NAME}: the Function App's name, which holds leases
 *                              ({@code azure-functions:<site>}); {@code local} outside Azure
 * @param fanOutBatch           {@code LAKEFS_BACKUP_FAN_OUT_BATCH}: copy chunks one orchestration history holds;
 *                              larger fan-outs run in sub-orchestrations of this many (default 100)
 * @param maintenanceClientId   {@code LAKEFS_BACKUP_MAINTENANCE_CLIENT_ID}: the client id of the user-assigned
 *                              identity the steps that delete beyond run scratch (prune, drill clean-up) use, the
 *                              only identity allowed to delete there; {@code null} to use the default identity
 *                              (Azurite, local runs)
 * @param rpoWindowHours        {@code LAKEFS_BACKUP_RPO_WINDOW_HOURS}: the recovery point objective the
 *                              {@code rpo-check} timer checks every repository's newest backup against (default 26)
 */
public record AzureFunctionConfig(BackupConfig shared, URI azureEndpoint, boolean azureCopyFromUrls,
                                  List<String> scheduledRepositories, boolean scheduledCommit, String site,
                                  int fanOutBatch, String maintenanceClientId, int rpoWindowHours) {

    public static final String SCHEDULE = "LAKEFS_BACKUP_SCHEDULE";
    public static final String SCHEDULED_REPOSITORIES = "LAKEFS_BACKUP_SCHEDULED_REPOSITORIES";
    public static final String SCHEDULED_COMMIT = "LAKEFS_BACKUP_SCHEDULED_COMMIT";
    public static final String SITE_NAME = "WEBSITE_SITE_NAME";
    public static final String FAN_OUT_BATCH = "LAKEFS_BACKUP_FAN_OUT_BATCH";
    public static final String MAINTENANCE_CLIENT_ID = "LAKEFS_BACKUP_MAINTENANCE_CLIENT_ID";
    public static final String RPO_WINDOW_HOURS = "LAKEFS_BACKUP_RPO_WINDOW_HOURS";
    /** NCRONTAB of the scheduled rolling verification (the {@code scheduled-rolling-verify} timer). */
    public static final String ROLLING_VERIFY_SCHEDULE = "LAKEFS_BACKUP_ROLLING_VERIFY_SCHEDULE";
    /** {@code t} of the scheduled rolling verification: runs per full read-back pass; 0 turns the timer off. */
    public static final String ROLLING_VERIFY_SUBSETS = "LAKEFS_BACKUP_ROLLING_VERIFY_SUBSETS";

    /** {@link #ROLLING_VERIFY_SUBSETS} (default 7); 0 when the scheduled rolling verification is off. */
    public static int rollingVerifySubsets(Map<String, String> env) {
        long subsets = new EnvReader(env).number(ROLLING_VERIFY_SUBSETS, 7);
        if (subsets < 0 || subsets > org.lakefsbackup.core.step.RollingVerifyRequest.MAX_SUBSETS) {
            throw ErrorCode.INVALID_INPUT.exception(ROLLING_VERIFY_SUBSETS + " must be 0 (off) to "
                    + org.lakefsbackup.core.step.RollingVerifyRequest.MAX_SUBSETS + ", was " + subsets);
        }
        return (int) subsets;
    }

    public AzureFunctionConfig {
        Objects.requireNonNull(shared, "shared");
        scheduledRepositories = List.copyOf(scheduledRepositories);
        scheduledRepositories.forEach(RepositoryName::require);
        site = site == null || site.isBlank() ? "local" : site;
        if (fanOutBatch < 1) {
            throw ErrorCode.INVALID_INPUT.exception(FAN_OUT_BATCH + " must be positive, was " + fanOutBatch);
        }
    }

    /** Reads the configuration from an environment (normally {@code System.getenv()}). */
    public static AzureFunctionConfig fromEnvironment(Map<String, String> env) {
        EnvReader read = new EnvReader(env);
        return new AzureFunctionConfig(BackupConfig.fromEnvironment(env), read.uri(Env.AZURE_ENDPOINT),
                read.bool(Env.AZURE_COPY_FROM_URLS, true), read.list(SCHEDULED_REPOSITORIES),
                read.bool(SCHEDULED_COMMIT, false), read.string(SITE_NAME),
                read.positiveInt(FAN_OUT_BATCH, 100), read.string(MAINTENANCE_CLIENT_ID),
                read.positiveInt(RPO_WINDOW_HOURS, 26));
    }

    /**
     * The Blob store configuration: the endpoint override, and shared keys only where
     * {@code LAKEFS_BACKUP_AZURE_ACCOUNT_KEYS} gives them (Azurite); every other account is reached with Entra ID
     * tokens from azure-identity's default chain, i.e. the Function App's managed identity ({@code AZURE_CLIENT_ID}
     * names the user-assigned one).
     */
    public AzureBlobStoreConfig.Builder blobStore(Map<String, String> env) {
        AzureBlobStoreConfig.Builder builder = AzureBlobStoreConfig.builder()
                .accountKeys(AzureBlobStoreConfig.parseAccountKeys(env.get(Env.AZURE_ACCOUNT_KEYS),
                        Env.AZURE_ACCOUNT_KEYS))
                .copyFromExternalUrls(azureCopyFromUrls);
        if (azureEndpoint != null) {
            builder.endpointOverride(azureEndpoint);
        }
        return builder;
    }

    /** The step tunables. */
    public Settings settings() {
        return shared.settings();
    }

    /** The backup location of a request, or the configured one. */
    public String backupOrDefault(String requested) {
        return shared.backupOrDefault(requested);
    }
}
