package org.lakefsbackup.testkit.store;

import java.util.concurrent.atomic.AtomicInteger;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectStore;

class InMemoryObjectStoreTest extends ObjectStoreContract {
    private static final AtomicInteger ROOTS = new AtomicInteger();
    private final InMemoryObjectStore store = new InMemoryObjectStore(Location.Scheme.S3);

    @Override
    protected ObjectStore store() {
        return store;
    }

    @Override
    protected Location newRoot() {
        return Location.parse("s3://bucket-a/root-" + ROOTS.incrementAndGet());
    }

    @Override
    protected Location newRootElsewhere() {
        return Location.parse("s3://bucket-b/root-" + ROOTS.incrementAndGet());
    }
}
