package org.lakefsbackup.cli.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakefs.clients.sdk.RepositoriesApi;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.azure.AzureBlobObjectStore;
import org.lakefsbackup.testkit.azure.Azurite;
import org.lakefsbackup.testkit.lakefs.SampleRepository;
import org.lakefsbackup.testkit.real.RealLakeFs;
import org.lakefsbackup.testkit.real.ServerBinaries;
import org.lakefsbackup.testkit.s3.EmbeddedS3;

/**
 * Real lakeFS with an Azure block store on Azurite ({@code blockstore.azure.test_endpoint_url}), driven by the CLI:
 * backup and disaster recovery of a repository whose namespace is on Azure, a clone into another container, and
 * migrations S3 to Azure and Azure to S3 between two lakeFS installations. Every restore is compared with its source
 * by {@link RepositoryImage} (commit ids, branches, tags, metadata and every object's content). Skipped, with the
 * reason, when lakeFS cannot be built (no Go) or npm is missing (no Azurite).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealLakeFsOnAzuriteScenariosTest {
    private static final String NAMESPACES = Azurite.location(Azurite.ACCOUNT, "namespaces");
    private static final String TARGETS = Azurite.location(Azurite.ACCOUNT, "targets");
    private static final String BACKUPS = Azurite.location(Azurite.OTHER_ACCOUNT, "backups");

    private Azurite azurite;
    private AzureBlobObjectStore azure;
    private EmbeddedS3 s3;
    private Path tmp;
    private LakeFsBackend.Server onAzure;
    private LakeFsBackend.Server onAzureToo;
    private LakeFsBackend.Server onS3;

    @BeforeAll
    void start() throws Exception {
        ServerBinaries.LakeFs binaries = ServerBinaries.requireLakeFs(ServerBinaries.LAKEFS_VERSION);
        azurite = Azurite.shared();
        for (String container : List.of("namespaces", "targets")) {
            azurite.createContainer(Azurite.ACCOUNT, container);
        }
        azurite.createContainer(Azurite.OTHER_ACCOUNT, "backups");
        azure = azurite.newStore(c -> c);
        s3 = EmbeddedS3.start();
        List.of("source", "backups", "target").forEach(s3::createBucket);
        System.setProperty("aws.accessKeyId", s3.accessKeyId());
        System.setProperty("aws.secretAccessKey", s3.secretAccessKey());
        tmp = Files.createTempDirectory("lakefs-azure-scenarios-");
        URI account = URI.create(azurite.endpoint() + "/" + Azurite.ACCOUNT);
        onAzure = new RealLakeFsBackend.RealServer(RealLakeFs.builder(binaries)
                .azureBlockstore(account, Azurite.ACCOUNT, Azurite.KEYS.get(Azurite.ACCOUNT)).start());
        onAzureToo = new RealLakeFsBackend.RealServer(RealLakeFs.builder(binaries)
                .azureBlockstore(account, Azurite.ACCOUNT, Azurite.KEYS.get(Azurite.ACCOUNT)).start());
        onS3 = new RealLakeFsBackend.RealServer(RealLakeFs.builder(binaries)
                .s3Blockstore(s3.endpoint(), s3.accessKeyId(), s3.secretAccessKey()).start());
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {onAzure, onAzureToo, onS3, azure, s3}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing servers at the end; the next one still gets closed
                }
            }
        }
    }

    /** The CLI's environment for one lakeFS: Azurite's accounts by key, S3 copies to Azure streamed. */
    private Map<String, String> env(LakeFsBackend.Server lakefs) {
        Map<String, String> env = new HashMap<>();
        env.put("LAKECTL_SERVER_ENDPOINT_URL", lakefs.endpoint());
        env.put("LAKECTL_CREDENTIALS_ACCESS_KEY_ID", lakefs.accessKeyId());
        env.put("LAKECTL_CREDENTIALS_SECRET_ACCESS_KEY", lakefs.secretAccessKey());
        env.put("LAKEFS_BACKUP_AZURE_ENDPOINT", azurite.endpoint().toString());
        env.put("LAKEFS_BACKUP_AZURE_ACCOUNT_KEYS", Azurite.KEYS.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(";")));
        // Azurite cannot fetch a presigned S3 URL as Azure would: S3 objects are streamed into Azure
        env.put("LAKEFS_BACKUP_AZURE_COPY_FROM_URLS", "false");
        env.put("LAKEFS_BACKUP_S3_ENDPOINT", s3.endpoint().toString());
        env.put("LAKEFS_BACKUP_S3_PATH_STYLE", "true");
        env.put("LAKEFS_BACKUP_S3_REGION", EmbeddedS3.REGION);
        env.put("HOME", tmp.resolve("home").toString());
        return env;
    }

    private ScenarioWorld.Result ok(LakeFsBackend.Server lakefs, String... args) {
        ScenarioWorld.Result r = ScenarioWorld.cli(env(lakefs), args);
        assertThat(r.exit()).as("exit of %s%nstdout: %s%nstderr: %s", String.join(" ", args), r.out(), r.err())
                .isZero();
        assertThat(r.err()).doesNotContain(Azurite.KEYS.get(Azurite.ACCOUNT));
        return r;
    }

    private static void sample(LakeFsBackend.Server server, String repo, String namespace) {
        new SampleRepository(server.sdk()).create(repo, namespace);
    }

    @Test
    void aRepositoryOnAzureIsBackedUpAndRecoveredUnderItsNameIntoItsWipedNamespace() throws Exception {
        String namespace = NAMESPACES + "/dr-repo";
        sample(onAzure, "dr-repo", namespace);
        RepositoryImage before = LakeFsScenarios.image(onAzure, "dr-repo");
        ok(onAzure, "backup", "dr-repo", "--to", BACKUPS + "/dr", "-q");

        new RepositoriesApi(onAzure.sdk()).deleteRepository("dr-repo").execute();
        LakeFsScenarios.awaitGone(onAzure, "dr-repo");
        Location root = Location.parse(namespace);
        List<String> keys;
        try (var listing = azure.list(root, null)) {
            keys = listing.map(ObjectInfo::key).toList();
        }
        assertThat(keys).isNotEmpty();
        keys.forEach(k -> azure.delete(root.resolve(k)));

        ok(onAzure, "restore", "dr-repo", "--from", BACKUPS + "/dr", "--namespace", namespace, "-q");
        LakeFsScenarios.assertSameRepository(LakeFsScenarios.image(onAzure, "dr-repo"), before);
    }

    @Test
    void aRepositoryOnAzureIsClonedIntoAnotherContainer() throws Exception {
        sample(onAzure, "az-clone-src", NAMESPACES + "/az-clone-src");
        ok(onAzure, "backup", "az-clone-src", "--to", BACKUPS + "/clone", "-q");
        ok(onAzure, "restore", "az-clone-src", "--from", BACKUPS + "/clone", "--as", "az-clone", "--namespace",
                TARGETS + "/az-clone", "-q");
        LakeFsScenarios.assertSameRepository(LakeFsScenarios.image(onAzure, "az-clone"),
                LakeFsScenarios.image(onAzure, "az-clone-src"));
    }

    @Test
    void aRepositoryMovesFromS3ToAzureAndBackBetweenInstallations() throws Exception {
        sample(onS3, "crossing", "s3://source/crossing");
        RepositoryImage source = LakeFsScenarios.image(onS3, "crossing");

        ok(onS3, "backup", "crossing", "--to", BACKUPS + "/from-s3", "-q");
        ok(onAzureToo, "restore", "crossing", "--from", BACKUPS + "/from-s3", "--namespace",
                TARGETS + "/crossing", "--ignore-storage-id", "-q");
        LakeFsScenarios.assertSameRepository(LakeFsScenarios.image(onAzureToo, "crossing"), source);

        ok(onAzureToo, "backup", "crossing", "--to", "s3://backups/from-azure", "-q");
        ok(onS3, "restore", "crossing", "--from", "s3://backups/from-azure", "--as", "crossed-back",
                "--namespace", "s3://target/crossed-back", "--ignore-storage-id", "-q");
        LakeFsScenarios.assertSameRepository(LakeFsScenarios.image(onS3, "crossed-back"), source);
    }
}
