package org.lakefsbackup.testkit.workflow;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.lakefsbackup.core.copy.ProgressListener;
import org.lakefsbackup.core.lakefs.LakeFsClient;
import org.lakefsbackup.core.lakefs.LakeFsConfig;
import org.lakefsbackup.core.lakefs.SdkLakeFsClient;
import org.lakefsbackup.core.retry.Sleeper;
import org.lakefsbackup.core.step.Settings;
import org.lakefsbackup.core.step.StepServices;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectStore;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.core.workflow.InProcessRunner;

/**
 * The fixture of the request-count tests: a sample repository on the emulator whose namespace
 * ({@code s3://source/<repository>}) is padded to N objects under {@code data/bulk/}, and a store that counts its
 * requests and lists sequentially (pages of 1,000 keys: N/1000 requests per listing, as issue 8 counts; the store's
 * ranged listing trades a few more requests for speed, and how many depends on timing).
 */
final class CountedRepository implements AutoCloseable {
    final ScenarioFixture f;
    final String repository;
    final Location namespace;
    /** The store the workflows run on; its {@link Storage#stats()} are the counts. */
    final Storage storage;
    final LakeFsClient lakefs;

    CountedRepository(String repository, int objects) {
        f = new ScenarioFixture();
        this.repository = repository;
        this.namespace = Location.parse("s3://source/" + repository);
        f.sample().create(repository, namespace.toString());
        ObjectStore seed = f.storage.storeFor(namespace);
        long missing = objects - count(namespace);
        for (int i = 0; i < missing; i++) {
            seed.put(namespace.resolve(String.format("data/bulk/%05d", i)),
                    ("object " + i).getBytes(StandardCharsets.UTF_8));
        }
        storage = Storage.of(f.s3.newStore(b -> b.listConcurrency(1)));
        lakefs = new SdkLakeFsClient(new LakeFsConfig(URI.create(f.lakefs.endpoint()), ScenarioFixture.KEY,
                ScenarioFixture.SECRET));
    }

    /** Objects under {@code l}, listed through the fixture's own (uncounted) store. */
    long count(Location l) {
        try (var listed = f.storage.storeFor(l).list(l, null)) {
            return listed.count();
        }
    }

    /** A runner over the counted store, reporting each finished step to {@code listener}. */
    InProcessRunner runner(InProcessRunner.Listener listener) {
        return new InProcessRunner(new StepServices(lakefs, storage, Clock.systemUTC(), Settings.defaults()),
                Sleeper.SYSTEM, ProgressListener.NONE, listener);
    }

    @Override
    public void close() {
        try {
            lakefs.close();
            storage.close();
        } finally {
            f.close();
        }
    }
}
