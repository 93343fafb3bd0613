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

    /**
     * Committed generation ids of a repository, oldest first. Incomplete generations (no manifest) and generations a
     * retention policy forgot are skipped.
     */
    public List<GenerationId> list(BackupLayout layout) {
        return history(layout).stream().filter(Entry::listed).map(Entry::id).toList();
    }

    /**
     * A generation folder as one listing of {@code generations/} shows it.
     *
     * @param id           the generation
     * @param committed    its manifest exists
     * @param forgotten    a retention policy forgot it (its {@code forgotten.json} exists): it is not listed,
     *                     restored or kept; prune removes it
     * @param stillCurrent the runs (their would-be generation ids) that found the repository unchanged since this
     *                     generation, oldest first
     */
    public record Entry(GenerationId id, boolean committed, boolean forgotten, List<GenerationId> stillCurrent) {
        public Entry {
            stillCurrent = List.copyOf(stillCurrent);
        }

        /** Committed and not forgotten: what list, restore and verify show. */
        public boolean listed() {
            return committed && !forgotten;
        }

        /** When this generation was last known to be the repository's state: its newest mark, else its own time. */
        public java.time.Instant currentAt() {
            return (stillCurrent.isEmpty() ? id : stillCurrent.get(stillCurrent.size() - 1)).time();
        }
    }

    /**
     * Every generation folder of a repository, oldest first: committed or not, forgotten or not, with its
     * still-current marks. One listing of {@code generations/}.
     */
    public List<Entry> history(BackupLayout layout) {
        Location root = layout.generations();
        java.util.Map<String, boolean[]> flags = new java.util.TreeMap<>();
        java.util.Map<String, List<GenerationId>> marks = new java.util.HashMap<>();
        String currentPrefix = BackupLayout.CURRENT + "/";
        try (Stream<ObjectInfo> objects = storage.storeFor(root).list(root, null)) {
            objects.forEach(o -> {
                String key = o.key();
                int slash = key.indexOf('/');
                if (slash <= 0 || !GenerationId.isValid(key.substring(0, slash))) {
                    return;
                }
                String id = key.substring(0, slash);
                String rest = key.substring(slash + 1);
                boolean[] f = flags.computeIfAbsent(id, k -> new boolean[2]);
                if (rest.equals("manifest.json")) {
                    f[0] = true;
                } else if (rest.equals(BackupLayout.FORGOTTEN)) {
                    f[1] = true;
                } else if (rest.startsWith(currentPrefix) && rest.endsWith(".json")) {
                    String run = rest.substring(currentPrefix.length(), rest.length() - ".json".length());
                    if (GenerationId.isValid(run)) {
                        marks.computeIfAbsent(id, k -> new ArrayList<>()).add(new GenerationId(run));
                    }
                }
            });
        }
        List<Entry> entries = new ArrayList<>();
        flags.forEach((id, f) -> {
            List<GenerationId> m = new ArrayList<>(marks.getOrDefault(id, List.of()));
            m.sort(null);
            entries.add(new Entry(new GenerationId(id), f[0], f[1], m));
        });
        return entries;
    }

    /** Loads {@code latest}, a given generation or the one a unique prefix names; NOT_FOUND says what exists. */
    public Manifest load(BackupLayout layout, String generation) {
        return read(layout, resolve(layout, generation));
    }

    /**
     * The committed generation {@code generation} names: {@code latest} (or null), a whole id, or a prefix that
     * starts exactly one committed id (restic's short ids). A generation a retention policy forgot is named only by
     * its whole id (until prune removes it). NOT_FOUND when none matches, INVALID_INPUT when several do or it cannot
     * start an id.
     */
    public GenerationId resolve(BackupLayout layout, String generation) {
        List<Entry> history = history(layout);
        List<GenerationId> ids = history.stream().filter(Entry::listed).map(Entry::id).toList();
        if (generation == null || generation.equals("latest")) {
            if (ids.isEmpty()) {
                throw ErrorCode.NOT_FOUND.exception("no backup of repository '" + layout.repository() + "' at "
                        + layout.backupRoot() + " (no committed generation)" + tooDeepHint(layout.backupRoot()));
            }
            return ids.get(ids.size() - 1);
        }
        if (!GenerationId.isPrefix(generation)) {
            new GenerationId(generation);
        }
        List<GenerationId> matches = ids.stream().filter(id -> id.value().startsWith(generation)).toList();
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.isEmpty()) {
            if (GenerationId.isValid(generation) && history.stream().anyMatch(e -> e.committed() && e.forgotten()
                    && e.id().value().equals(generation))) {
                return new GenerationId(generation); // forgotten, not removed yet: still restorable by its whole id
            }
            boolean forgotten = history.stream().anyMatch(e -> e.committed() && e.forgotten()
                    && e.id().value().startsWith(generation));
            throw ErrorCode.NOT_FOUND.exception("generation " + generation + " of '" + layout.repository()
                    + "' not found at " + layout.backupRoot() + (forgotten ? " (a retention policy forgot it: give "
                    + "its whole id to restore it before prune removes it)" : "") + "; committed generations: "
                    + (ids.isEmpty() ? "none" : ids.stream().map(GenerationId::value).toList()));
        }
        throw ErrorCode.INVALID_INPUT.exception("generation " + generation + " of '" + layout.repository()
                + "' is ambiguous: it starts " + matches.size() + " generations, "
                + matches.stream().map(GenerationId::value).toList() + "; give more of the id");
    }

    /**
     * For "nothing found" messages: a hint ({@code "; ..."}) when {@code location} looks like one repository's own
     * folder, the location one level too deep; else empty.
     */
    public String tooDeepHint(Location location) {
        Location generations = location.resolve("generations");
        try (Stream<ObjectInfo> objects = storage.storeFor(generations).list(generations, null)) {
            return objects.findAny().isPresent() ? "; " + location + " looks like one repository's own folder: give "
                    + "the location above it (the --to of the backup)" : "";
        }
    }

    /**
     * The repositories held at a backup location: the first path segments under it, each found with one listing
     * that starts after the previous repository's keys (a repository's keys are {@code <name>/<lowercase
     * folder>/...}, all sorting before {@code <name>/~}). Sorted by name.
     */
    public List<String> repositories(Location backupRoot) {
        List<String> names = new ArrayList<>();
        String cursor = null;
        while (true) {
            Optional<ObjectInfo> next;
            try (Stream<ObjectInfo> objects = storage.storeFor(backupRoot).list(backupRoot, cursor)) {
                next = objects.findFirst();
            }
            if (next.isEmpty()) {
                return names;
            }
            String key = next.get().key();
            int slash = key.indexOf('/');
            String name = slash < 0 ? key : key.substring(0, slash);
            if (slash > 0 && RepositoryName.isValid(name)) {
                names.add(name);
            }
            cursor = slash < 0 ? key : name + "/~";
        }
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
