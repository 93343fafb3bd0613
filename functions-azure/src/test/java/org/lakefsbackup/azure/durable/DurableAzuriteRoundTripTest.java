package org.lakefsbackup.azure.durable;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakefs.clients.sdk.ApiClient;
import io.lakefs.clients.sdk.ApiException;
import io.lakefs.clients.sdk.BranchesApi;
import io.lakefs.clients.sdk.TagsApi;
import io.lakefs.clients.sdk.model.Ref;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.core.store.azure.AzureBlobObjectStore;
import org.lakefsbackup.testkit.azure.Azurite;
import org.lakefsbackup.testkit.lakefs.LakeFsEmulator;
import org.lakefsbackup.testkit.lakefs.SampleRepository;
import org.lakefsbackup.testkit.workflow.WorkflowHost;

/**
 * The Durable backup and restore orchestrations on Azure Blob Storage (Azurite): the lakeFS emulator keeps its
 * repository in account {@link Azurite#ACCOUNT}, the backup orchestration copies it to the other account, the
 * restore orchestration clones it into a new container of the first. Verified by commit ids, content and every
 * namespace object's Content-MD5.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DurableAzuriteRoundTripTest {
    private static final String KEY = "AKIADURABLE";
    private static final String SECRET = "durable-azurite-secret-never-logged";
    private static final String SOURCE = Azurite.location(Azurite.ACCOUNT, "durable-source");
    private static final String BACKUPS = Azurite.location(Azurite.OTHER_ACCOUNT, "durable-backups") + "/lakefs";
    private static final String TARGET = Azurite.location(Azurite.ACCOUNT, "durable-target");

    private AzureBlobObjectStore store;
    private LakeFsEmulator lakefs;
    private DurableHost host;

    @BeforeAll
    void start() {
        Azurite azurite = Azurite.shared();
        azurite.createContainer(Azurite.ACCOUNT, "durable-source");
        azurite.createContainer(Azurite.ACCOUNT, "durable-target");
        azurite.createContainer(Azurite.OTHER_ACCOUNT, "durable-backups");
        store = azurite.newStore(c -> c);
        lakefs = LakeFsEmulator.builder().storage(Storage.of(store)).blockstoreType("azure").credentials(KEY, SECRET)
                .build().start();
        Map<String, String> settings = DurableHost.settings(lakefs.endpoint(), BACKUPS);
        settings.put("LAKEFS_BACKUP_AZURE_ENDPOINT", azurite.endpoint().toString());
        host = new DurableHost(Storage.of(store), lakefs.endpoint(), KEY, SECRET, settings,
                (step, repository, instance, metrics, millis, failed) -> { });
    }

    @AfterAll
    void stop() {
        if (host != null) {
            host.close();
        }
        if (lakefs != null) {
            lakefs.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void aRepositoryOnAzureIsBackedUpAndClonedByTheOrchestrations() throws Exception {
        var sdk = SampleRepository.client(lakefs.endpoint(), KEY, SECRET);
        SampleRepository sample = new SampleRepository(sdk);
        SampleRepository.Created src = sample.create("az-durable", SOURCE + "/az-durable");

        WorkflowHost.Execution backup = host.run("backup", "az-durable-backup", Map.of("repository", src.name()));
        assertThat(backup.succeeded()).as(String.valueOf(backup)).isTrue();
        assertThat(backup.output().get("copied_objects").asLong()).isEqualTo(backup.output().get("objects").asLong())
                .isPositive();

        WorkflowHost.Execution restore = host.run("restore", "az-durable-restore", Map.of("repository", src.name(),
                "target_repository", "az-durable-clone", "target_namespace", TARGET + "/az-durable-clone"));
        assertThat(restore.succeeded()).as(String.valueOf(restore)).isTrue();
        assertThat(restore.output().get("generation").asText()).isEqualTo(backup.output().get("generation").asText());

        assertThat(heads(sdk, "az-durable-clone")).isEqualTo(heads(sdk, src.name())).isNotEmpty();
        assertThat(tags(sdk, "az-durable-clone")).isEqualTo(tags(sdk, src.name())).isNotEmpty();
        for (var e : src.mainObjects().entrySet()) {
            assertThat(sample.read("az-durable-clone", "main", e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
        Map<String, String> source = checksums(Location.parse(SOURCE + "/az-durable"));
        assertThat(source).isNotEmpty();
        assertThat(checksums(Location.parse(TARGET + "/az-durable-clone"))).containsAllEntriesOf(source);
    }

    /** Every branch, hidden ones too, to its head commit. */
    private static Map<String, String> heads(ApiClient sdk, String repository) throws ApiException {
        return new BranchesApi(sdk).listBranches(repository).showHidden(true).amount(1000).execute().getResults()
                .stream().collect(Collectors.toMap(Ref::getId, Ref::getCommitId, (a, b) -> a, TreeMap::new));
    }

    private static Map<String, String> tags(ApiClient sdk, String repository) throws ApiException {
        return new TagsApi(sdk).listTags(repository).amount(1000).execute().getResults().stream()
                .collect(Collectors.toMap(Ref::getId, Ref::getCommitId, (a, b) -> a, TreeMap::new));
    }

    private Map<String, String> checksums(Location namespace) {
        try (var listing = store.list(namespace, null)) {
            return listing.filter(o -> !o.key().startsWith("_lakefs/dummy") && !o.key().equals("dummy"))
                    .collect(Collectors.toMap(ObjectInfo::key, o -> String.valueOf(o.checksum()), (a, b) -> a,
                            TreeMap::new));
        }
    }
}
