package org.lakefsbackup.core.copy;

import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.CopyItem;
import org.lakefsbackup.core.model.InventoryEntry;
import org.lakefsbackup.core.model.JsonLinesChunks;
import org.lakefsbackup.core.model.Manifest;
import org.lakefsbackup.core.store.Checksum;
import org.lakefsbackup.core.store.ContentIdentity;
import org.lakefsbackup.core.store.KeyOrder;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans copies by a streamed sorted merge of what must exist at the target against what already does, so memory
 * stays flat whatever the number of objects. Writes the plan (and, for backups, the generation's inventory) as
 * chunks; holds at most one chunk of each in memory.
 */
public final class CopyPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(CopyPlanner.class);

    private static final String COPIED = "copied";

    private final Storage storage;
    private final int copyChunkSize;
    private final int inventoryChunkSize;

    public CopyPlanner(Storage storage, int copyChunkSize, int inventoryChunkSize) {
        this.storage = storage;
        this.copyChunkSize = copyChunkSize;
        this.inventoryChunkSize = inventoryChunkSize;
    }

    /**
     * Plans a backup of {@code namespace} into the repository's backup root: immutable objects are copied when the
     * backup lacks them (or holds a copy of another size), mutable ones when their current version is not held yet.
     * Writes the inventory under {@code inventoryPrefix} (relative to the repository root).
     */
    public CopyPlan planBackup(Location namespace, BackupLayout layout, String inventoryPrefix, Location planPrefix,
                               Predicate<String> mutable) {
        return planBackup(namespace, layout, inventoryPrefix, planPrefix, mutable, null, PlanCheckpoint.START,
                Long.MAX_VALUE).plan();
    }

    /** {@link #planBackup(Location, BackupLayout, String, Location, Predicate, Manifest.InventoryRef,
     * PlanCheckpoint, long)} finding what the backup holds by listing it. */
    public PlanProgress planBackup(Location namespace, BackupLayout layout, String inventoryPrefix,
                                   Location planPrefix, Predicate<String> mutable, PlanCheckpoint from,
                                   long maxObjects) {
        return planBackup(namespace, layout, inventoryPrefix, planPrefix, mutable, null, from, maxObjects);
    }

    /**
     * Plans (part of) a backup: continues after {@code from} (resuming the listings after its last key and the chunk
     * numbering of the plan and the inventory) and stops after {@code maxObjects} source objects. Running it again
     * from the same checkpoint rewrites the same chunks with the same items.
     *
     * <p>What the backup holds comes from {@code previous}, the inventory of the repository's latest generation when
     * it was backed up from the same namespace: objects under {@code objects/} and {@code mutable/} are written only
     * by this tool and never changed, so a key the previous generation holds with the same size (and, for entries
     * that recorded a checksum, the same source ETag) is held still; only the namespace is listed. The full check of
     * what the backup holds is the {@code verify} command's. Without a previous generation ({@code null}: the first
     * backup, or the namespace changed) the backup's {@code objects/} and {@code mutable/} are listed instead, which
     * also finds what an interrupted earlier run copied.
     */
    public PlanProgress planBackup(Location namespace, BackupLayout layout, String inventoryPrefix,
                                   Location planPrefix, Predicate<String> mutable, Manifest.InventoryRef previous,
                                   PlanCheckpoint from, long maxObjects) {
        requireBudget(maxObjects);
        Location repoRoot = layout.repositoryRoot();
        String lastKey = from.lastKey();
        long total = from.totalObjects();
        long totalBytes = from.totalBytes();
        long copy = from.copyObjects();
        long copyBytes = from.copyBytes();
        long planned = 0;
        boolean done;
        try (Stream<ObjectInfo> source = storage.storeFor(namespace).list(namespace, lastKey);
             HeldObjects held = previous != null ? new PreviousGeneration(layout, previous, lastKey)
                     : new ListedBackup(layout, lastKey);
             var plan = new JsonLinesChunks.Writer<>(storage, planPrefix, copyChunkSize, CopyItem.class,
                     from.planChunks());
             var inventory = new JsonLinesChunks.Writer<>(storage, repoRoot.resolve(inventoryPrefix),
                     inventoryChunkSize, InventoryEntry.class, from.inventoryChunks())) {
            var it = source.iterator();
            while (planned < maxObjects && it.hasNext()) {
                ObjectInfo object = it.next();
                String key = object.key();
                if (!Location.isRelativeKey(key)) {
                    throw ErrorCode.INVALID_MANIFEST.exception("namespace " + namespace + " holds an object whose key "
                            + "cannot be backed up safely: '" + key + "'");
                }
                String stored = mutable.test(key) ? BackupLayout.mutableKey(key, version(object))
                        : BackupLayout.objectKey(key);
                InventoryEntry entry = new InventoryEntry(key, object.size(), object.etag(), stored);
                InventoryEntry heldEntry = held.find(entry, object.checksums());
                // a held copy keeps what was recorded (or listed) about it; copies made now are recorded when the
                // generation is verified
                inventory.add(heldEntry != null ? heldEntry : entry);
                total++;
                totalBytes += object.size();
                planned++;
                lastKey = key;
                if (heldEntry == null) {
                    plan.add(new CopyItem(key, stored, object.size(), object.etag(), first(object.checksums())));
                    copy++;
                    copyBytes += object.size();
                }
            }
            done = !it.hasNext();
            plan.close();
            inventory.close();
            PlanCheckpoint at = new PlanCheckpoint(lastKey, plan.chunks(), inventory.chunks(), total, totalBytes,
                    copy, copyBytes);
            if (!done) {
                LOG.info("planned backup of {} up to {}: {} objects so far, {} to copy; continuing later", namespace,
                        lastKey, total, copy);
                return PlanProgress.paused(at);
            }
            LOG.info("planned backup of {}: {} objects ({} bytes), {} to copy ({} bytes) in {} chunks{}",
                    namespace, total, totalBytes, copy, copyBytes, plan.chunks(),
                    previous != null ? " (what the backup holds from the previous generation's inventory)" : "");
            return PlanProgress.finished(at, new CopyPlan(namespace.toString(), repoRoot.toString(),
                    planPrefix.toString(), plan.chunks(), total, totalBytes, copy, copyBytes, inventory.chunks(),
                    copiedPrefix(planPrefix).toString()));
        }
    }

    /**
     * Compares (part of) a namespace listing with a generation's inventory, writing nothing: equal when every key
     * is in the inventory with the same size, the same source ETag and the same stored version (mutable keys are
     * stored per version, so a rewritten one differs), and the inventory holds no other key. Continues after
     * {@code from} and stops after {@code maxObjects} namespace objects; stops at the first difference.
     */
    public NamespaceComparison compareWithInventory(Location namespace, BackupLayout layout,
                                                    Manifest.InventoryRef inventory, Predicate<String> mutable,
                                                    NamespaceComparison.Checkpoint from, long maxObjects) {
        requireBudget(maxObjects);
        InventoryCursor entries = new InventoryCursor(layout.repositoryRoot().resolve(inventory.prefix()),
                inventory.chunks(), from.inventoryChunk(), from.lastKey());
        String lastKey = from.lastKey();
        long compared = from.compared();
        try (Stream<ObjectInfo> source = storage.storeFor(namespace).list(namespace, lastKey)) {
            var it = source.iterator();
            for (long n = 0; n < maxObjects && it.hasNext(); n++) {
                ObjectInfo object = it.next();
                InventoryEntry entry = entries.next();
                String key = object.key();
                String stored = mutable.test(key) ? BackupLayout.mutableKey(key, version(object))
                        : BackupLayout.objectKey(key);
                String difference = entry == null || !entry.key().equals(key) ? key + " is new"
                        : entry.size() != object.size() || !java.util.Objects.equals(entry.etag(), object.etag())
                        || !entry.stored().equals(stored) ? key + " changed (size " + entry.size() + " -> "
                        + object.size() + ", ETag " + entry.etag() + " -> " + object.etag() + ")" : null;
                if (difference != null) {
                    return new NamespaceComparison(true, false, new NamespaceComparison.Checkpoint(lastKey,
                            from.inventoryChunk(), compared), difference);
                }
                lastKey = key;
                compared++;
            }
            if (it.hasNext()) {
                return new NamespaceComparison(false, false, new NamespaceComparison.Checkpoint(lastKey,
                        entries.chunk(), compared), null);
            }
        }
        InventoryEntry more = entries.next();
        NamespaceComparison.Checkpoint at = new NamespaceComparison.Checkpoint(lastKey, entries.chunk(), compared);
        return more == null ? new NamespaceComparison(true, true, at, null)
                : new NamespaceComparison(true, false, at, more.key() + " is gone from the namespace");
    }

    /** An inventory read one chunk at a time from a given chunk, after a given key. */
    private final class InventoryCursor {
        private final Location root;
        private final int chunks;
        private final String startAfter;
        private final java.util.ArrayDeque<InventoryEntry> queue = new java.util.ArrayDeque<>();
        private int next;

        InventoryCursor(Location root, int chunks, int firstChunk, String startAfter) {
            this.root = root;
            this.chunks = chunks;
            this.next = firstChunk;
            this.startAfter = startAfter;
        }

        /** The next entry, or {@code null} after the last. */
        InventoryEntry next() {
            while (queue.isEmpty() && next < chunks) {
                for (InventoryEntry e : JsonLinesChunks.readChunk(storage, root, next, InventoryEntry.class)) {
                    if (startAfter == null || KeyOrder.compare(e.key(), startAfter) > 0) {
                        queue.add(e);
                    }
                }
                next++;
            }
            return queue.poll();
        }

        /** The chunk that holds the entry {@link #next} returns next. */
        int chunk() {
            return queue.isEmpty() ? next : next - 1;
        }
    }

    /** What the backup already holds, asked for in key order. */
    private interface HeldObjects extends AutoCloseable {
        /**
         * The inventory entry of {@code wanted} (source key, size, ETag, where the backup would hold it) when the
         * backup holds it, with what is known about the backup's copy; {@code null} when it must be copied.
         */
        InventoryEntry find(InventoryEntry wanted, List<Checksum> sourceChecksums);

        @Override
        void close();
    }

    /** The backup's {@code objects/} listing (merged in key order) and its {@code mutable/} versions. */
    private final class ListedBackup implements HeldObjects {
        private final Set<String> heldVersions;
        private final Stream<ObjectInfo> listing;
        private final PeekingIterator<ObjectInfo> existing;

        ListedBackup(BackupLayout layout, String startAfter) {
            this.heldVersions = heldMutableVersions(layout);
            this.listing = storage.storeFor(layout.objects()).list(layout.objects(), startAfter);
            this.existing = new PeekingIterator<>(listing.iterator());
        }

        @Override
        public InventoryEntry find(InventoryEntry wanted, List<Checksum> sourceChecksums) {
            if (!wanted.stored().startsWith(BackupLayout.OBJECTS + "/")) {
                return heldVersions.contains(wanted.stored()) ? wanted : null;
            }
            ObjectInfo match = advanceTo(existing, wanted.key());
            if (match == null) {
                return null;
            }
            if (!sameContent(wanted.size(), sourceChecksums, match)) {
                LOG.warn("backup copy of {} differs from the source (size {} vs {}); copying it again",
                        wanted.key(), match.size(), wanted.size());
                return null;
            }
            return wanted.withCopy(first(match.checksums()), match.etag());
        }

        @Override
        public void close() {
            listing.close();
        }
    }

    /** The previous generation's inventory, read one chunk at a time in key order. */
    private final class PreviousGeneration implements HeldObjects {
        private final PeekingIterator<InventoryEntry> entries;

        PreviousGeneration(BackupLayout layout, Manifest.InventoryRef previous, String startAfter) {
            Location root = layout.repositoryRoot().resolve(previous.prefix());
            Iterator<InventoryEntry> all = JsonLinesChunks.stream(storage, root, previous.chunks(),
                    InventoryEntry.class).iterator();
            this.entries = new PeekingIterator<>(new Iterator<>() {
                private InventoryEntry next = advance();

                private InventoryEntry advance() {
                    while (all.hasNext()) {
                        InventoryEntry e = all.next();
                        if (startAfter == null || KeyOrder.compare(e.key(), startAfter) > 0) {
                            return e;
                        }
                    }
                    return null;
                }

                @Override
                public boolean hasNext() {
                    return next != null;
                }

                @Override
                public InventoryEntry next() {
                    InventoryEntry current = next;
                    next = advance();
                    return current;
                }
            });
        }

        @Override
        public InventoryEntry find(InventoryEntry wanted, List<Checksum> sourceChecksums) {
            while (entries.hasNext() && KeyOrder.compare(entries.peek().key(), wanted.key()) < 0) {
                entries.next();
            }
            if (!entries.hasNext() || !entries.peek().key().equals(wanted.key())) {
                return null;
            }
            InventoryEntry before = entries.next();
            // an entry that recorded a checksum also recorded the source's ETag in this store's form: compare it
            boolean unchanged = before.stored().equals(wanted.stored()) && before.size() == wanted.size()
                    && (before.checksum() == null || java.util.Objects.equals(before.etag(), wanted.etag()));
            if (!unchanged) {
                if (before.stored().equals(wanted.stored())) {
                    LOG.warn("{} changed since the previous generation (size {} vs {}, ETag {} vs {}); copying it "
                            + "again", wanted.key(), before.size(), wanted.size(), before.etag(), wanted.etag());
                }
                return null;
            }
            return wanted.withCopy(before.checksum(), before.storedEtag());
        }

        @Override
        public void close() {
        }
    }

    /**
     * Plans a restore of a generation into {@code targetNamespace}: every inventory object the target lacks is
     * copied. An object already at the target with other content is never overwritten: CONFLICT. Keys for which
     * {@code skip} holds are left out (lakeFS's {@code dummy} markers for servers older than 1.52).
     */
    public CopyPlan planRestore(BackupLayout layout, Manifest.InventoryRef inventory, Location targetNamespace,
                                Location planPrefix, Predicate<String> skip) {
        return planRestore(layout, inventory, targetNamespace, planPrefix, skip, PlanCheckpoint.START,
                Long.MAX_VALUE).plan();
    }

    /**
     * Plans (part of) a restore: continues after {@code from} (reading the inventory from its chunk
     * {@code from.inventoryChunks()}, skipping entries up to its last key, and listing the target after that key)
     * and stops after {@code maxObjects} inventory entries. Running it again from the same checkpoint rewrites the
     * same plan chunks with the same items.
     */
    public PlanProgress planRestore(BackupLayout layout, Manifest.InventoryRef inventory, Location targetNamespace,
                                    Location planPrefix, Predicate<String> skip, PlanCheckpoint from,
                                    long maxObjects) {
        requireBudget(maxObjects);
        Location repoRoot = layout.repositoryRoot();
        Location inventoryRoot = repoRoot.resolve(inventory.prefix());
        String lastKey = from.lastKey();
        long seen = from.totalObjects();
        long seenBytes = from.totalBytes();
        long copy = from.copyObjects();
        long copyBytes = from.copyBytes();
        long planned = 0;
        int chunk = from.inventoryChunks();
        boolean done = true;
        String previous = null;
        try (Stream<ObjectInfo> present = storage.storeFor(targetNamespace).list(targetNamespace, lastKey);
             var plan = new JsonLinesChunks.Writer<>(storage, planPrefix, copyChunkSize, CopyItem.class,
                     from.planChunks())) {
            PeekingIterator<ObjectInfo> existing = new PeekingIterator<>(present.iterator());
            chunks:
            for (; chunk < inventory.chunks(); chunk++) {
                List<InventoryEntry> entries = JsonLinesChunks.readChunk(storage, inventoryRoot, chunk,
                        InventoryEntry.class);
                for (InventoryEntry entry : entries) {
                    checkEntry(entry, previous, inventoryRoot, chunk);
                    previous = entry.key();
                    if (from.lastKey() != null && KeyOrder.compare(entry.key(), from.lastKey()) <= 0) {
                        continue;
                    }
                    if (planned == maxObjects) {
                        done = false;
                        break chunks;
                    }
                    planned++;
                    seen++;
                    seenBytes += entry.size();
                    lastKey = entry.key();
                    ObjectInfo match = advanceTo(existing, entry.key());
                    if (skip.test(entry.key())) {
                        continue;
                    }
                    if (match != null) {
                        if (!sameContent(entry.size(), checksums(entry), match)) {
                            throw ErrorCode.CONFLICT.exception("target namespace " + targetNamespace
                                    + " already holds " + entry.key() + " with other content (" + match.size()
                                    + " bytes, backup has " + entry.size() + "); refusing to overwrite it");
                        }
                        continue;
                    }
                    plan.add(new CopyItem(entry.stored(), entry.key(), entry.size(), entry.etag(), entry.checksum()));
                    copy++;
                    copyBytes += entry.size();
                }
            }
            plan.close();
            PlanCheckpoint at = new PlanCheckpoint(lastKey, plan.chunks(), Math.min(chunk, inventory.chunks()),
                    seen, seenBytes, copy, copyBytes);
            if (!done) {
                LOG.info("planned restore into {} up to {}: {} of {} objects so far, {} to copy; continuing later",
                        targetNamespace, lastKey, seen, inventory.objects(), copy);
                return PlanProgress.paused(at);
            }
            LOG.info("planned restore into {}: {} objects ({} bytes), {} to copy ({} bytes) in {} chunks",
                    targetNamespace, inventory.objects(), inventory.bytes(), copy, copyBytes, plan.chunks());
            return PlanProgress.finished(at, new CopyPlan(repoRoot.toString(), targetNamespace.toString(),
                    planPrefix.toString(), plan.chunks(), inventory.objects(), inventory.bytes(), copy, copyBytes,
                    0));
        }
    }

    /**
     * INVALID_MANIFEST unless the entry names a safe namespace key, in order after {@code previous}, held where the
     * backup holds objects ({@code objects/<key>} or {@code mutable/<key>/v-<version>}): a damaged or hostile
     * inventory is refused while planning, before anything is copied.
     */
    private static void checkEntry(InventoryEntry entry, String previous, Location inventoryRoot, int chunk) {
        String where = "inventory chunk " + chunk + " under " + inventoryRoot;
        String key = entry.key();
        if (!Location.isRelativeKey(key)) {
            throw ErrorCode.INVALID_MANIFEST.exception(where + " holds an invalid key '" + key + "'");
        }
        if (previous != null && KeyOrder.compare(previous, key) >= 0) {
            throw ErrorCode.INVALID_MANIFEST.exception(where + " is not in key order ('" + previous + "' before '"
                    + key + "')");
        }
        String stored = entry.stored();
        String mutablePrefix = BackupLayout.MUTABLE + "/" + key + "/v-";
        boolean held = stored.equals(BackupLayout.objectKey(key)) || (stored.startsWith(mutablePrefix)
                && stored.length() > mutablePrefix.length() && stored.indexOf('/', mutablePrefix.length()) < 0
                && Location.isRelativeKey(stored));
        if (!held) {
            throw ErrorCode.INVALID_MANIFEST.exception(where + " says '" + key + "' is held at '" + stored
                    + "', which is not where a backup holds it");
        }
    }

    /** Where the copy steps of a backup plan record what they copied. */
    public static Location copiedPrefix(Location planPrefix) {
        return planPrefix.resolve(COPIED);
    }

    private static void requireBudget(long maxObjects) {
        if (maxObjects < 1) {
            throw ErrorCode.INVALID_INPUT.exception("the planning budget must be at least 1 object, was "
                    + maxObjects);
        }
    }

    /** Skips held objects sorting before {@code key}; returns the held object with exactly that key, if any. */
    private static ObjectInfo advanceTo(PeekingIterator<ObjectInfo> existing, String key) {
        while (existing.hasNext() && KeyOrder.compare(existing.peek().key(), key) < 0) {
            existing.next();
        }
        if (existing.hasNext() && existing.peek().key().equals(key)) {
            return existing.next();
        }
        return null;
    }

    /**
     * Whether an object held somewhere is (as far as can be told) the content described by a size and checksums:
     * the same size, and no comparable checksum differs. An ETag counts only where its store says it is an MD5, so
     * encrypted or multipart objects, whose ETags are not MD5s, are compared by size and by the checksums their
     * stores report.
     */
    public static boolean sameContent(long size, List<Checksum> checksums, ObjectInfo actual) {
        return size == actual.size()
                && ContentIdentity.compare(checksums, actual.checksums()) != ContentIdentity.Verdict.DIFFERENT;
    }

    /** The checksums an inventory entry records for its content. */
    public static List<Checksum> checksums(InventoryEntry entry) {
        return entry.checksum() == null ? List.of() : List.of(entry.checksum());
    }

    private static Checksum first(List<Checksum> checksums) {
        return checksums.isEmpty() ? null : checksums.get(0);
    }

    private Set<String> heldMutableVersions(BackupLayout layout) {
        Set<String> held = new HashSet<>();
        Location mutableRoot = layout.mutable();
        try (Stream<ObjectInfo> objects = storage.storeFor(mutableRoot).list(mutableRoot, null)) {
            objects.forEach(o -> held.add(BackupLayout.MUTABLE + "/" + o.key()));
        }
        return held;
    }

    private static String version(ObjectInfo object) {
        if (object.etag() != null && object.etag().matches("^[0-9A-Za-z_.-]{1,128}$")) {
            return object.etag();
        }
        long modified = object.lastModified() == null ? 0 : object.lastModified().toEpochMilli();
        return object.size() + "-" + modified;
    }
}
