package org.lakefsbackup.core.step;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.model.Manifest;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.Storage;

/** Finds and loads committed generations (those with a manifest) in a backup location. */
public final class Generations {
    private final Storage storage;

    public Generations(Storage storage) {
        this.storage = storage;
    }

    /** Committed generation ids of a repository, oldest first. Incomplete generations (no manifest) are skipped. */
    public List<GenerationId> list(BackupLayout layout) {
        Location root = layout.generations();
        List<GenerationId> ids = new ArrayList<>();
        try (Stream<ObjectInfo> objects = storage.storeFor(root).list(root, null)) {
            objects.forEach(o -> {
                String key = o.key();
                int slash = key.indexOf('/');
                if (slash > 0 && key.substring(slash + 1).equals("manifest.json")
                        && GenerationId.isValid(key.substring(0, slash))) {
                    ids.add(new GenerationId(key.substring(0, slash)));
                }
            });
        }
        ids.sort(null);
        return ids;
    }

    /** Loads {@code latest} or a given generation; NOT_FOUND says what exists. */
    public Manifest load(BackupLayout layout, String generation) {
        List<GenerationId> ids = list(layout);
        GenerationId id;
        if (generation == null || generation.equals("latest")) {
            if (ids.isEmpty()) {
                throw ErrorCode.NOT_FOUND.exception("no backup of repository '" + layout.repository() + "' at "
                        + layout.backupRoot() + " (no committed generation)");
            }
            id = ids.get(ids.size() - 1);
        } else {
            id = new GenerationId(generation);
            if (!ids.contains(id)) {
                throw ErrorCode.NOT_FOUND.exception("generation " + id + " of '" + layout.repository()
                        + "' not found at " + layout.backupRoot() + "; committed generations: "
                        + (ids.isEmpty() ? "none" : ids.stream().map(GenerationId::value).toList()));
            }
        }
        return read(layout, id);
    }

    public Manifest read(BackupLayout layout, GenerationId id) {
        Location location = layout.manifest(id);
        Optional<byte[]> bytes = storage.storeFor(location).get(location);
        Manifest manifest = Manifest.parse(bytes.orElseThrow(() ->
                ErrorCode.NOT_FOUND.exception("manifest " + location + " not found")), location.toString());
        if (!manifest.describesGeneration() || !manifest.generation().equals(id.value())) {
            throw ErrorCode.INVALID_MANIFEST.exception(location + " does not describe generation " + id);
        }
        if (!manifest.repository().name().equals(layout.repository())) {
            throw ErrorCode.INVALID_MANIFEST.exception(location + " is for repository '"
                    + manifest.repository().name() + "', not '" + layout.repository() + "'");
        }
        return manifest;
    }
}
