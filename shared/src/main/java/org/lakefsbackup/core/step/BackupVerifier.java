package org.lakefsbackup.core.step;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.lakefsbackup.core.copy.CopiedObject;
import org.lakefsbackup.core.copy.CopyPlan;
import org.lakefsbackup.core.copy.CopyPlanner;
import org.lakefsbackup.core.copy.RecordedCopies;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.InventoryEntry;
import org.lakefsbackup.core.model.JsonLinesChunks;
import org.lakefsbackup.core.model.Manifest;
import org.lakefsbackup.core.store.Checksum;
import org.lakefsbackup.core.store.ChecksumCalculator;
import org.lakefsbackup.core.store.KeyOrder;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.ObjectStore;
import org.lakefsbackup.core.store.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that the backup store holds a generation's objects.
 *
 * <p>{@link #verify} (the {@code verify} command) merges the inventory with a listing of the backup (listing
 * requests only): every entry must be held with its size, with the ETag the backup's copy had when it was recorded,
 * and with no comparable checksum differing. A deep check also reads every object and compares the checksum the
 * inventory recorded for it (never an ETag, which is a digest only where its store said so when it was recorded).
 *
 * <p>{@link #verifyCopies} verifies a new generation from what its copy steps recorded instead of listing the
 * backup, and writes what the copies reported (ETag and checksum) into the inventory.
 *
 * <p>Both are resumable: an invocation can stop after a budget of objects and return a {@link VerifyCheckpoint} the
 * next one continues from.
 */
public final class BackupVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(BackupVerifier.class);

    private final Storage storage;

    public BackupVerifier(Storage storage) {
        this.storage = storage;
    }

    public VerifyResult verify(BackupLayout layout, String generation, Manifest.InventoryRef inventory, boolean deep) {
        return verify(layout, generation, inventory, deep, VerifyCheckpoint.START, Long.MAX_VALUE).result();
    }

    /**
     * Verifies (part of) a generation against a listing of the backup: continues after {@code from} (reading the
     * inventory from its chunk {@code from.inventoryChunk()}, skipping entries up to its last key, and listing the
     * backup's objects after that key) and stops after {@code maxObjects} inventory entries. Running it again from
     * the same checkpoint gives the same progress.
     */
    public VerifyProgress verify(BackupLayout layout, String generation, Manifest.InventoryRef inventory,
                                 boolean deep, VerifyCheckpoint from, long maxObjects) {
        return verify(layout, generation, inventory, deep ? DataSubset.ALL : null, from, maxObjects);
    }

    /**
     * Verifies a generation against a listing of the backup and reads back the objects of {@code readData} (a
     * rolling deep verification's subset; {@code null} reads none), comparing their recorded checksums.
     */
    public VerifyResult verify(BackupLayout layout, String generation, Manifest.InventoryRef inventory,
                               DataSubset readData) {
        return verify(layout, generation, inventory, readData, VerifyCheckpoint.START, Long.MAX_VALUE).result();
    }

    /** {@link #verify(BackupLayout, String, Manifest.InventoryRef, boolean, VerifyCheckpoint, long)}, reading back
     * the objects of {@code readData} ({@code null}: none). */
    public VerifyProgress verify(BackupLayout layout, String generation, Manifest.InventoryRef inventory,
                                 DataSubset readData, VerifyCheckpoint from, long maxObjects) {
        return verify(layout, generation, inventory, readData, from, maxObjects, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /**
     * {@link #verify(BackupLayout, String, Manifest.InventoryRef, DataSubset, VerifyCheckpoint, long)}, stopping also
     * once it has read back {@code maxReads} objects or {@code maxReadBytes} bytes (reading is what takes time; the
     * first entry is always verified, so every invocation makes progress).
     */
    public VerifyProgress verify(BackupLayout layout, String generation, Manifest.InventoryRef inventory,
                                 DataSubset readData, VerifyCheckpoint from, long maxObjects, long maxReads,
                                 long maxReadBytes) {
        requireBudget(maxObjects);
        requireBudget(maxReads);
        requireBudget(maxReadBytes);
        Tally tally = new Tally();
        Location repoRoot = layout.repositoryRoot();
        Location inventoryRoot = repoRoot.resolve(inventory.prefix());
        Counts counts = new Counts(from);
        long verified = 0;
        int chunk = from.inventoryChunk();
        boolean done = true;
        try (Held held = new Held(storage, layout, from.lastKey())) {
            chunks:
            for (; chunk < inventory.chunks(); chunk++) {
                List<InventoryEntry> entries = JsonLinesChunks.readChunk(storage, inventoryRoot, chunk,
                        InventoryEntry.class);
                for (InventoryEntry e : entries) {
                    if (from.lastKey() != null && KeyOrder.compare(e.key(), from.lastKey()) <= 0) {
                        continue;
                    }
                    if (verified == maxObjects || tally.reads >= maxReads || tally.readBytes >= maxReadBytes) {
                        done = false;
                        break chunks;
                    }
                    verified++;
                    ObjectInfo actual = held.find(e);
                    long readBefore = tally.reads;
                    String problem = check(repoRoot, e, actual, readData, tally);
                    counts.read += tally.reads - readBefore;
                    counts.add(e.key(), actual == null, problem);
                }
            }
        }
        if (tally.unchecked > 0) {
            LOG.warn("{} object(s) of generation {} have no recorded full-object checksum (inventory written before "
                    + "checksums were recorded, or a store that reported none): checked by size and ETag only",
                    tally.unchecked, generation);
        }
        return counts.progress(done, chunk, inventory, generation);
    }

    /**
     * Verifies (part of) a new generation from what its copy steps recorded ({@link CopyPlan#copiedPrefix()}),
     * without listing the backup: every entry the plan copied must have a successful copy of its size, and every
     * other entry was found held when the plan was made (in the previous generation's inventory or in a listing of
     * the backup). Plan chunks whose copies were not recorded are looked up in a listing. What the copies reported
     * (ETag and checksum) is written into the inventory, whose chunks are rewritten in place (the generation is not
     * committed yet). Resumable like {@link #verify}: stops after {@code maxObjects} entries.
     */
    public VerifyProgress verifyCopies(BackupLayout layout, String generation, Manifest.InventoryRef inventory,
                                       CopyPlan plan, VerifyCheckpoint from, long maxObjects) {
        requireBudget(maxObjects);
        Location inventoryRoot = layout.repositoryRoot().resolve(inventory.prefix());
        RecordedCopies copies = new RecordedCopies(storage, plan, layout);
        Counts counts = new Counts(from);
        long verified = 0;
        int chunk = from.inventoryChunk();
        boolean done = true;
        for (; chunk < inventory.chunks(); chunk++) {
            List<InventoryEntry> entries = JsonLinesChunks.readChunk(storage, inventoryRoot, chunk,
                    InventoryEntry.class);
            List<InventoryEntry> updated = new ArrayList<>(entries.size());
            boolean changed = false;
            for (InventoryEntry e : entries) {
                if (verified == maxObjects || from.lastKey() != null && KeyOrder.compare(e.key(), from.lastKey()) <= 0) {
                    done &= verified < maxObjects;
                    updated.add(e);
                    continue;
                }
                verified++;
                Optional<CopiedObject> copy = copies.take(e.key());
                String problem = null;
                boolean missing = false;
                if (copy.isPresent()) {
                    CopiedObject c = copy.get();
                    if (!c.ok()) {
                        missing = c.failure() != ErrorCode.VERIFICATION_FAILED;
                        problem = (missing ? "missing: " : "differs: ") + e.key() + " (its copy failed: "
                                + c.failure() + ")";
                    } else if (c.size() != e.size()) {
                        problem = "differs: " + e.key() + " (size " + c.size() + ", expected " + e.size() + ")";
                    } else {
                        e = e.withCopy(c.checksum(), c.etag());
                        changed = true;
                    }
                }
                updated.add(e);
                counts.add(e.key(), missing, problem);
            }
            if (changed) {
                // the generation is not committed yet: its inventory may still be rewritten (again by a retry)
                JsonLinesChunks.writeChunk(storage, inventoryRoot, chunk, updated);
            }
            if (!done) {
                break;
            }
        }
        if (copies.listedChunks() > 0) {
            LOG.info("{} plan chunk(s) of generation {} recorded no copies; verified them by listing the backup",
                    copies.listedChunks(), generation);
        }
        return counts.progress(done, chunk, inventory, generation);
    }

    /**
     * What the backup holds, for entries in key order: a listing of {@code objects/} after a key, walked along, and
     * the {@code mutable/} objects (listed whole: there are few).
     */
    static final class Held implements AutoCloseable {
        private final Map<String, ObjectInfo> mutable;
        private final Stream<ObjectInfo> listing;
        private final java.util.Iterator<ObjectInfo> it;
        private ObjectInfo next;

        Held(Storage storage, BackupLayout layout, String afterKey) {
            mutable = RecordedCopies.listMutable(storage, layout);
            ObjectStore objects = storage.storeFor(layout.objects());
            listing = objects.list(layout.objects(), afterKey);
            it = listing.iterator();
            next = it.hasNext() ? it.next() : null;
        }

        /** The held object of an entry (entries asked in key order), or {@code null} when missing. */
        ObjectInfo find(InventoryEntry e) {
            if (!e.stored().startsWith(BackupLayout.OBJECTS + "/")) {
                return mutable.get(e.stored());
            }
            while (next != null && KeyOrder.compare(next.key(), e.key()) < 0) {
                next = it.hasNext() ? it.next() : null;
            }
            return next != null && next.key().equals(e.key()) ? next : null;
        }

        @Override
        public void close() {
            listing.close();
        }
    }

    /** What reading back has cost so far, and the objects it could not check by content. */
    static final class Tally {
        long reads;
        long readBytes;
        long unchecked;
    }

    /**
     * Null when the backup holds the entry as recorded ({@code actual}: the held object, {@code null} when missing)
     * and, when {@code readData} holds its key, its content read back has the recorded checksum; else the problem.
     * An entry without a recorded full-object checksum is checked by size and ETag only ({@code tally.unchecked}).
     */
    String check(Location repoRoot, InventoryEntry e, ObjectInfo actual, DataSubset readData, Tally tally) {
        String problem = compare(e, actual);
        if (problem != null || readData == null || !readData.contains(e.key())) {
            return problem;
        }
        Checksum recorded = e.checksum();
        if (recorded == null || recorded.composite()) {
            tally.unchecked++;
            return null;
        }
        tally.reads++;
        tally.readBytes += e.size();
        return contentMatches(repoRoot.resolve(e.stored()), e, recorded) ? null : "content differs: " + e.key()
                + " (its " + recorded.algorithm().id() + " is not the recorded one)";
    }

    /** Null when the backup's object matches the entry, else the problem. */
    private static String compare(InventoryEntry e, ObjectInfo actual) {
        if (actual == null) {
            return "missing: " + e.key();
        }
        if (actual.size() != e.size()) {
            return "differs: " + e.key() + " (size " + actual.size() + ", expected " + e.size() + ")";
        }
        if (e.storedEtag() != null && actual.etag() != null && !e.storedEtag().equals(actual.etag())) {
            return "differs: " + e.key() + " (ETag " + actual.etag() + ", the backup's copy had " + e.storedEtag()
                    + ": replaced since)";
        }
        if (!CopyPlanner.sameContent(e.size(), CopyPlanner.checksums(e), actual)) {
            return "differs: " + e.key() + " (checksum " + actual.checksum() + ", recorded " + e.checksum() + ")";
        }
        return null;
    }

    private boolean contentMatches(Location location, InventoryEntry e, Checksum recorded) {
        try (InputStream in = storage.storeFor(location).open(location)) {
            ChecksumCalculator.Measured read = ChecksumCalculator.measure(in, recorded.algorithm());
            return read.length() == e.size() && read.checksum().equals(recorded);
        } catch (IOException ex) {
            throw ErrorCode.UNAVAILABLE.exception("reading " + location + " failed: " + ex.getMessage(), ex);
        }
    }

    static void requireBudget(long budget) {
        if (budget < 1) {
            throw ErrorCode.INVALID_INPUT.exception("a verify budget must be at least 1, was " + budget);
        }
    }

    /** Running counts of one verifying invocation, continued from a checkpoint. */
    private static final class Counts {
        private String lastKey;
        private long checked;
        private long missing;
        private long mismatched;
        private long read;
        private final List<String> problems;

        Counts(VerifyCheckpoint from) {
            lastKey = from.lastKey();
            checked = from.checked();
            missing = from.missing();
            mismatched = from.mismatched();
            read = from.read();
            problems = new ArrayList<>(from.problems());
        }

        void add(String key, boolean isMissing, String problem) {
            checked++;
            lastKey = key;
            if (problem == null) {
                return;
            }
            if (isMissing) {
                missing++;
            } else {
                mismatched++;
            }
            if (problems.size() < VerifyCheckpoint.MAX_PROBLEMS) {
                problems.add(problem);
            }
        }

        VerifyProgress progress(boolean done, int chunk, Manifest.InventoryRef inventory, String generation) {
            if (!done) {
                return VerifyProgress.paused(new VerifyCheckpoint(lastKey, chunk, checked, missing, mismatched,
                        problems, read));
            }
            if (checked != inventory.objects()) {
                problems.add(0, "inventory holds " + checked + " entries, manifest says " + inventory.objects());
                mismatched++;
            }
            VerifyResult result = new VerifyResult(generation, checked, missing, mismatched, problems);
            return VerifyProgress.finished(new VerifyCheckpoint(lastKey, inventory.chunks(), checked, missing,
                    mismatched, result.problems(), read), result);
        }
    }
}
