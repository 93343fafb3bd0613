package org.lakefsbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
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

/**
 * Backup and clone through the CLI of a repository whose namespace is on Azure Blob Storage (Azurite): the lakeFS
 * emulator stores its objects in account {@link Azurite#ACCOUNT}, the backup goes to the other account (server-side
 * copies across accounts) and the clone back into a new container of the first. Verified by commit ids and content.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AzureEndToEndTest {
    private static final String SOURCE = Azurite.location(Azurite.ACCOUNT, "source");
    private static final String BACKUPS = Azurite.location(Azurite.OTHER_ACCOUNT, "backups");
    private static final String TARGET = Azurite.location(Azurite.ACCOUNT, "target");

    private Azurite azurite;
    private AzureBlobObjectStore store;
    private LakeFsEmulator lakefs;
    private Path home;

    @BeforeAll
    void start() throws Exception {
        azurite = Azurite.shared();
        azurite.createContainer(Azurite.ACCOUNT, "source");
        azurite.createContainer(Azurite.ACCOUNT, "target");
        azurite.createContainer(Azurite.OTHER_ACCOUNT, "backups");
        store = azurite.newStore(c -> c);
        lakefs = LakeFsEmulator.builder().storage(Storage.of(store)).blockstoreType("azure")
                .credentials(Fixture.KEY, Fixture.SECRET).build().start();
        home = Files.createTempDirectory("lakefs-backup-azure-e2e");
    }

    @AfterAll
    void stop() {
        if (lakefs != null) {
            lakefs.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("LAKECTL_SERVER_ENDPOINT_URL", lakefs.endpoint());
        env.put("LAKECTL_CREDENTIALS_ACCESS_KEY_ID", Fixture.KEY);
        env.put("LAKECTL_CREDENTIALS_SECRET_ACCESS_KEY", Fixture.SECRET);
        env.put("LAKEFS_BACKUP_AZURE_ENDPOINT", azurite.endpoint().toString());
        env.put("LAKEFS_BACKUP_AZURE_ACCOUNT_KEYS", Azurite.KEYS.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(";")));
        env.put("HOME", home.toString());
        return env;
    }

    @Test
    void backsUpARepositoryOnAzureAndClonesItIntoAnotherContainer() throws Exception {
        var sdk = SampleRepository.client(lakefs.endpoint(), Fixture.KEY, Fixture.SECRET);
        SampleRepository.Created src = new SampleRepository(sdk).create("az-repo", SOURCE + "/az-repo");

        Fixture.Result backup = Fixture.cli(env(), "backup", "az-repo", "--to", BACKUPS + "/lakefs", "--json", "-q");
        assertThat(backup.exit()).as(backup.err()).isZero();
        JsonNode summary = backup.result().get("backups").get(0);
        assertThat(summary.get("copied_objects").asLong()).isEqualTo(summary.get("objects").asLong()).isPositive();
        assertThat(backup.err()).doesNotContain(Azurite.KEYS.get(Azurite.ACCOUNT));

        Fixture.Result restore = Fixture.cli(env(), "restore", "az-repo", "--from", BACKUPS + "/lakefs", "--as",
                "az-clone", "--namespace", TARGET + "/az-clone", "--json", "-q");
        assertThat(restore.exit()).as(restore.err()).isZero();

        EndToEndTest.assertSameRepository(sdk, "az-repo", sdk, "az-clone");
        for (var e : src.mainObjects().entrySet()) {
            assertThat(new SampleRepository(sdk).read("az-clone", "main", e.getKey())).isEqualTo(e.getValue());
        }
        // every namespace object is in the clone's namespace with the same content (Content-MD5)
        Map<String, String> source = checksums(Location.parse(SOURCE + "/az-repo"));
        assertThat(checksums(Location.parse(TARGET + "/az-clone"))).containsAllEntriesOf(source);
        assertThat(source).isNotEmpty();
    }

    private Map<String, String> checksums(Location namespace) {
        try (var listing = store.list(namespace, null)) {
            return listing.filter(o -> !o.key().startsWith("_lakefs/dummy") && !o.key().equals("dummy"))
                    .collect(Collectors.toMap(ObjectInfo::key, o -> String.valueOf(o.checksum())));
        }
    }
}
