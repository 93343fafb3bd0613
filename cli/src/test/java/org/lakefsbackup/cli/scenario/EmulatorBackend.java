package org.lakefsbackup.cli.scenario;

import java.nio.file.Path;
import java.util.List;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.core.store.local.LocalObjectStore;
import org.lakefsbackup.testkit.lakefs.LakeFsEmulator;
import org.lakefsbackup.testkit.s3.S3TestServer;

/** The project's in-process lakeFS emulator, its namespaces stored on the test's S3 server or local directory. */
final class EmulatorBackend implements LakeFsBackend {
    static final String KEY = "AKIAEMULATORSCENARIO";
    static final String SECRET = "emulator-scenario-secret";

    @Override
    public String name() {
        return "emulator";
    }

    @Override
    public boolean real() {
        return false;
    }

    @Override
    public Server startOnS3(S3TestServer s3) {
        Storage storage = Storage.of(s3.newStore());
        return new EmulatorServer(LakeFsEmulator.builder().storage(storage).credentials(KEY, SECRET)
                .actionsEnvironment(ACTIONS_ENVIRONMENT).build().start(), storage, null);
    }

    @Override
    public Server startOnLocal(Path root, List<String> importPrefixes, S3TestServer s3) {
        Storage storage = Storage.of(s3.newStore(), LocalObjectStore.withLocalRoot(root));
        return new EmulatorServer(LakeFsEmulator.builder().storage(storage).blockstoreType("local")
                .credentials(KEY, SECRET).actionsEnvironment(ACTIONS_ENVIRONMENT).build().start(), storage, root);
    }

    private record EmulatorServer(LakeFsEmulator emulator, Storage storage, Path localRoot) implements Server {
        @Override
        public String endpoint() {
            return emulator.endpoint();
        }

        @Override
        public String accessKeyId() {
            return KEY;
        }

        @Override
        public String secretAccessKey() {
            return SECRET;
        }

        @Override
        public void close() {
            emulator.close();
            storage.close();
        }
    }
}
