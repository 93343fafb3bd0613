package org.lakefsbackup.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.lakefs.LakeFsClient;
import org.lakefsbackup.core.lakefs.LakeFsConfigResolver;
import org.lakefsbackup.core.lakefs.SdkLakeFsClient;
import org.lakefsbackup.core.step.Settings;
import org.lakefsbackup.core.step.StepServices;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.core.store.azure.AzureBlobObjectStore;
import org.lakefsbackup.core.store.azure.AzureBlobStoreConfig;
import org.lakefsbackup.core.store.local.LocalObjectStore;
import org.lakefsbackup.core.store.s3.S3ObjectStore;
import org.lakefsbackup.core.store.s3.S3StoreConfig;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Builds the ports from the global options and the environment: the one place the CLI reads configuration. */
final class CliContext {
    private CliContext() {
    }

    static LakeFsClient lakefs(LakeFsBackupCommand top) {
        Path home = Path.of(top.env.getOrDefault("HOME", System.getProperty("user.home")));
        var config = new LakeFsConfigResolver(top.env, home)
                .resolve(new LakeFsConfigResolver.Flags(top.endpointUrl, top.accessKeyId, top.secretAccessKey));
        return new SdkLakeFsClient(config);
    }

    static Storage storage(LakeFsBackupCommand top) {
        S3StoreConfig.Builder s3 = S3StoreConfig.builder();
        if (top.s3Endpoint != null) {
            s3.endpointOverride(URI.create(top.s3Endpoint));
        }
        String region = top.s3Region != null ? top.s3Region : top.env.get("AWS_REGION");
        if (region != null) {
            s3.region(region);
        }
        if (top.s3PathStyle != null) {
            s3.pathStyle(top.s3PathStyle);
        }
        String localRoot = top.localRoot != null ? top.localRoot
                : Path.of(top.env.getOrDefault("HOME", System.getProperty("user.home")), "lakefs", "data", "block")
                .toString();
        AzureBlobStoreConfig.Builder azure = AzureBlobStoreConfig.builder()
                .accountKeys(AzureBlobStoreConfig.parseAccountKeys(top.env.get(AZURE_ACCOUNT_KEYS),
                        AZURE_ACCOUNT_KEYS))
                .copyFromExternalUrls(top.azureCopyFromUrls == null || top.azureCopyFromUrls);
        if (top.azureEndpoint != null) {
            azure.endpointOverride(URI.create(top.azureEndpoint));
        }
        // Built on first use: file:// and local:// runs need no AWS configuration at all.
        return Storage.onFirstUse(
                new Storage.StoreFactory(Set.of(Location.Scheme.S3), () -> s3Store(s3)),
                new Storage.StoreFactory(Set.of(Location.Scheme.AZURE_BLOB),
                        () -> new AzureBlobObjectStore(azure.build())),
                new Storage.StoreFactory(Set.of(Location.Scheme.LOCAL, Location.Scheme.FILE),
                        () -> LocalObjectStore.withLocalRoot(Path.of(localRoot))));
    }

    /** The S3 store, with the SDK's construction errors (no region...) said in the CLI's terms. */
    private static S3ObjectStore s3Store(S3StoreConfig.Builder config) {
        try {
            return new S3ObjectStore(config.build());
        } catch (SdkClientException e) {
            String message = String.valueOf(e.getMessage());
            if (message.startsWith("Unable to load region")) {
                throw ErrorCode.INVALID_INPUT.exception("s3:// locations need an AWS region: set --s3-region, "
                        + "LAKEFS_BACKUP_S3_REGION or AWS_REGION (or a region in the AWS profile)", e);
            }
            throw ErrorCode.INVALID_INPUT.exception("cannot set up the S3 client: " + message, e);
        }
    }

    /** Shared keys of Azure storage accounts, {@code account:base64key[;account:base64key...]}: environment only. */
    static final String AZURE_ACCOUNT_KEYS = org.lakefsbackup.core.config.Env.AZURE_ACCOUNT_KEYS;

    static StepServices services(LakeFsClient lakefs, Storage storage, Settings settings) {
        return new StepServices(lakefs, storage, Clock.systemUTC(), settings);
    }

    /**
     * Services for workflows whose steps reach the backup location only ({@code forget}, {@code prune}): no lakeFS
     * configuration is read, and a call to lakeFS would be a bug (INTERNAL).
     */
    static StepServices storesOnly(Storage storage, Settings settings) {
        LakeFsClient none = (LakeFsClient) java.lang.reflect.Proxy.newProxyInstance(
                LakeFsClient.class.getClassLoader(), new Class<?>[] {LakeFsClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    throw ErrorCode.INTERNAL.exception("this command does not reach lakeFS, yet called "
                            + method.getName());
                });
        return services(none, storage, settings);
    }
}
