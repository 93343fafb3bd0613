package org.lakefsbackup.core.step;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.ObjectStore;
import org.lakefsbackup.core.store.Storage;

/**
 * The drills recorded beside a repository's generations ({@code generations/<id>/drills/<started>-<name>.json}):
 * for each generation its newest drill and its last verified one. One listing of the generations, then one read per
 * drilled generation (more only when its newest drill failed).
 */
public final class DrillHistory {
    private final Storage storage;

    public DrillHistory(Storage storage) {
        this.storage = storage;
    }

    /**
     * A generation's drills.
     *
     * @param last           the newest drill: its name, when it finished, whether it verified, where its record is
     * @param lastVerifiedAt when the newest drill that verified finished, or {@code null} when none did
     */
    public record Summary(Last last, Instant lastVerifiedAt) {
    }

    /** The newest drill of a generation. */
    public record Last(String drill, Instant finishedAt, boolean ok, String record) {
    }

    /** Generation id to its drills, for every generation that has a drill record. */
    public Map<String, Summary> summaries(BackupLayout layout) {
        Map<String, List<String>> records = new TreeMap<>();
        Location root = layout.generations();
        ObjectStore store = storage.storeFor(root);
        try (Stream<ObjectInfo> objects = store.list(root, null)) {
            objects.forEach(o -> {
                String[] parts = o.key().split("/");
                if (parts.length == 3 && GenerationId.isValid(parts[0]) && parts[1].equals(BackupLayout.DRILLS)
                        && parts[2].endsWith(".json")) {
                    records.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(o.key());
                }
            });
        }
        Map<String, Summary> out = new TreeMap<>();
        records.forEach((generation, keys) -> {
            keys.sort(null); // names start with the drill's start time: oldest first
            Last last = null;
            Instant verified = null;
            for (int i = keys.size() - 1; i >= 0 && verified == null; i--) {
                Optional<DrillRecord> r = read(store, root.resolve(keys.get(i)));
                if (r.isEmpty()) {
                    continue;
                }
                if (last == null) {
                    last = new Last(r.get().drill(), r.get().finishedAt(), r.get().ok(), r.get().record());
                }
                if (r.get().ok()) {
                    verified = r.get().finishedAt();
                }
            }
            if (last != null) {
                out.put(generation, new Summary(last, verified));
            }
        });
        return out;
    }

    /** A record, or empty when it cannot be read (it does not hide the others). */
    private static Optional<DrillRecord> read(ObjectStore store, Location at) {
        try {
            return store.get(at).map(b -> Json.read(b, DrillRecord.class, ErrorCode.INVALID_MANIFEST, at.toString()));
        } catch (LakeFsBackupException e) {
            return Optional.empty();
        }
    }
}
