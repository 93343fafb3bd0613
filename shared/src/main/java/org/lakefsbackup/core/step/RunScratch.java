package org.lakefsbackup.core.step;

import java.util.Optional;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.Storage;

/** Reads and writes a run's small state documents in its scratch ({@code _runs/<repository>/<runId>/}). */
final class RunScratch {
    private final Storage storage;
    private final Location root;

    RunScratch(Storage storage, RunRef run) {
        this.storage = storage;
        this.root = run.layout().run(run.runId());
    }

    Location location(String name) {
        return root.resolve(name);
    }

    void write(String name, Object document) {
        Location l = root.resolve(name);
        storage.storeFor(l).put(l, Json.write(document));
    }

    <T> Optional<T> read(String name, Class<T> type) {
        Location l = root.resolve(name);
        return storage.storeFor(l).get(l).map(b -> Json.read(b, type, ErrorCode.INVALID_MANIFEST, l.toString()));
    }

    <T> T require(String name, Class<T> type, String missingHint) {
        return read(name, type).orElseThrow(() -> ErrorCode.NOT_FOUND.exception(
                "run state " + root.resolve(name) + " is missing: " + missingHint));
    }

    /** Deletes one scratch document if it exists. */
    void delete(String name) {
        Location l = root.resolve(name);
        storage.storeFor(l).delete(l);
    }

    /** Every scratch object of the run, keys relative to the run's scratch. */
    java.util.List<org.lakefsbackup.core.store.ObjectInfo> list() {
        try (var objects = storage.storeFor(root).list(root, null)) {
            return objects.toList();
        }
    }

    /** Deletes every scratch object of the run (backup storage only): one listing, then one batch delete. */
    void deleteAll() {
        deleteAll(list());
    }

    /** Deletes these scratch objects of the run, as {@link #list} gave them, in one batch delete. */
    void deleteAll(java.util.List<org.lakefsbackup.core.store.ObjectInfo> objects) {
        if (!objects.isEmpty()) {
            storage.storeFor(root).deleteAll(objects.stream().map(o -> root.resolve(o.key())).toList());
        }
    }
}
