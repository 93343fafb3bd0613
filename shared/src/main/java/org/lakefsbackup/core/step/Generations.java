package org.lakefsbackup.core.step;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.model.Manifest;
import org.lakefsbackup.core.model.RepositoryName;
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
        checkRefs(manifest, location);
        return manifest;
    }

    private static final java.util.regex.Pattern COMMIT_ID = java.util.regex.Pattern.compile("^[0-9a-f]{64}$");
    private static final java.util.regex.Pattern TAG = java.util.regex.Pattern.compile("^[^\\s\\p{Cntrl}]+$");

    /**
     * INVALID_MANIFEST unless the manifest's inventory is the generation's own and its branches and tags are names
     * lakeFS accepts pointing at commit ids: a damaged or hostile manifest is refused before a restore writes anything.
     */
    private static void checkRefs(Manifest manifest, Location location) {
        if (!manifest.inventory().prefix().equals(BackupLayout.inventoryPrefix(manifest.generationId()))) {
            throw ErrorCode.INVALID_MANIFEST.exception(location + " points at an inventory outside its generation: "
                    + manifest.inventory().prefix());
        }
        for (Manifest.Branch b : manifest.branches()) {
            if (!RepositoryName.isValidBranch(b.name()) || !COMMIT_ID.matcher(b.commitId()).matches()) {
                throw ErrorCode.INVALID_MANIFEST.exception(location + " has an invalid branch '" + b.name() + "' at '"
                        + b.commitId() + "'");
            }
        }
        for (Manifest.Tag t : manifest.tags()) {
            if (!TAG.matcher(t.name()).matches() || t.name().contains("..")
                    || !COMMIT_ID.matcher(t.commitId()).matches()) {
                throw ErrorCode.INVALID_MANIFEST.exception(location + " has an invalid tag '" + t.name() + "' at '"
                        + t.commitId() + "'");
            }
        }
    }
}
