package org.lakefsbackup.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top-level command. Its options may be given before or after the sub-command. */
@Command(name = "lakefs-backup", mixinStandardHelpOptions = true, versionProvider = LakeFsBackupCommand.Version.class,
        description = "Back up, restore, migrate and clone lakeFS repositories.",
        subcommands = {BackupCommand.class, RestoreCommand.class, ListCommand.class, VerifyCommand.class,
                DumpCommand.class, RestoreRefsCommand.class, GcCommand.class, ForgetCommand.class, PruneCommand.class,
                DrillCommand.class, WebhookCommand.class, StatusCommand.class,
                CompletionCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failed", "2:usage error or invalid input", "3:verification failed",
                "4:not found (repository, backup, generation)", "5:conflict (target exists, namespace not empty)",
                "6:authentication or permission failure", "7:service unreachable, throttled or timed out (retryable)",
                "8:invalid manifest or backup data"})
public final class LakeFsBackupCommand {

    @Option(names = "--endpoint-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "lakeFS endpoint (else LAKECTL_SERVER_ENDPOINT_URL, else ~/.lakectl.yaml); /api/v1 is added")
    String endpointUrl;

    @Option(names = "--access-key-id", scope = ScopeType.INHERIT, paramLabel = "ID",
            description = "lakeFS access key id (else LAKECTL_CREDENTIALS_ACCESS_KEY_ID, else ~/.lakectl.yaml)")
    String accessKeyId;

    @Option(names = "--secret-access-key", scope = ScopeType.INHERIT, paramLabel = "SECRET", arity = "0..1",
            fallbackValue = SecretPrompt.ASK, description = "lakeFS secret (else LAKECTL_CREDENTIALS_SECRET_ACCESS_KEY, "
            + "else ~/.lakectl.yaml); give the option without a value to be prompted on the terminal")
    String secretAccessKey;

    @Option(names = "--s3-endpoint", scope = ScopeType.INHERIT, paramLabel = "URL", converter = Converters.HttpUrl.class,
            description = "S3 endpoint override, e.g. for MinIO (env LAKEFS_BACKUP_S3_ENDPOINT)")
    String s3Endpoint;

    @Option(names = "--s3-region", scope = ScopeType.INHERIT, paramLabel = "REGION",
            description = "S3 region (env LAKEFS_BACKUP_S3_REGION, else AWS_REGION, else the SDK's default chain)")
    String s3Region;

    @Option(names = "--s3-path-style", scope = ScopeType.INHERIT, negatable = true,
            description = "path-style S3 addressing (env LAKEFS_BACKUP_S3_PATH_STYLE)")
    Boolean s3PathStyle;

    @Option(names = "--azure-endpoint", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Azure Blob endpoint override serving every account at URL/<account>, e.g. Azurite "
                    + "(env LAKEFS_BACKUP_AZURE_ENDPOINT); account keys come from LAKEFS_BACKUP_AZURE_ACCOUNT_KEYS, "
                    + "else Entra ID (DefaultAzureCredential)")
    String azureEndpoint;

    @Option(names = "--azure-copy-from-urls", scope = ScopeType.INHERIT, negatable = true, description = "let Azure copy S3 objects itself from presigned URLs (default); "
                    + "--no-azure-copy-from-urls streams them through this process, for S3 endpoints Azure cannot "
                    + "reach (env LAKEFS_BACKUP_AZURE_COPY_FROM_URLS)")
    Boolean azureCopyFromUrls;

    @Option(names = "--local-root", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "lakeFS's blockstore.local.path, under which local:// namespaces live "
                    + "(env LAKEFS_BACKUP_LOCAL_ROOT, default ~/lakefs/data/block)")
    String localRoot;

    @Option(names = "--ca-bundle", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "PEM certificates of CAs to trust besides the JVM's trust store, for lakeFS and S3 over "
                    + "HTTPS (env LAKEFS_BACKUP_CA_BUNDLE, else AWS_CA_BUNDLE)")
    Path caBundle;

    @Mixin
    DisplayOptions display;

    Map<String, String> env = Map.of();
    Console console;

    /** A configured command line writing to the given streams, reading the given environment. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, Map<String, String> env) {
        LakeFsBackupCommand top = new LakeFsBackupCommand();
        top.env = Map.copyOf(env);
        top.console = new Console(out, err);
        top.display = new DisplayOptions(top.console);
        CommandLine cl = new CommandLine(top);
        cl.setDefaultValueProvider(new EnvironmentDefaultProvider(env));
        return CommandLines.configure(cl, top.console, top::beforeCommand);
    }

    private void beforeCommand() {
        if (SecretPrompt.ASK.equals(secretAccessKey)) {
            secretAccessKey = SecretPrompt.read("lakeFS secret access key: ", console, System.in);
        }
        trustCaBundle();
    }

    /** With --ca-bundle (or AWS_CA_BUNDLE), HTTPS clients built from now on also trust the bundle's CAs. */
    private void trustCaBundle() {
        if (caBundle != null) {
            TrustStores.trust(caBundle, "--ca-bundle");
        } else if (env.get("AWS_CA_BUNDLE") != null && !env.get("AWS_CA_BUNDLE").isBlank()) {
            TrustStores.trust(Path.of(env.get("AWS_CA_BUNDLE")), "AWS_CA_BUNDLE");
        }
    }

    /** The version from the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {BuildInfo.current().describe("lakefs-backup")};
        }
    }
}
