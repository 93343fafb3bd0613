package org.lakefsbackup.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import org.lakefsbackup.core.lakefs.LakeFsClient;
import org.lakefsbackup.core.lakefs.LakeFsConfigResolver;
import org.lakefsbackup.core.lakefs.SdkLakeFsClient;
import org.lakefsbackup.core.step.Settings;
import org.lakefsbackup.core.step.StepServices;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.core.store.local.LocalObjectStore;
import org.lakefsbackup.core.store.s3.S3ObjectStore;
import org.lakefsbackup.core.store.s3.S3StoreConfig;

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
        return Storage.of(new S3ObjectStore(s3.build()), LocalObjectStore.withLocalRoot(Path.of(localRoot)));
    }

    static StepServices services(LakeFsClient lakefs, Storage storage, Settings settings) {
        return new StepServices(lakefs, storage, Clock.systemUTC(), settings);
    }
}
