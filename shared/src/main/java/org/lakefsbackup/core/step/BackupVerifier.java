package org.lakefsbackup.core.step;

import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.lakefsbackup.core.copy.CopyPlanner;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.InventoryEntry;
import org.lakefsbackup.core.model.JsonLinesChunks;
import org.lakefsbackup.core.model.Manifest;
import org.lakefsbackup.core.store.KeyOrder;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.ObjectStore;
import org.lakefsbackup.core.store.Storage;

/**
 * Checks that the backup store holds every inventory entry of a generation with equal size, and equal ETag where
 * comparable, by a sorted merge of the inventory against a listing (listing requests only). A deep check also
 * reads every object and compares its MD5 with the recorded ETag. Verifying is resumable: an invocation can stop
 * after a budget of objects and return a {@link VerifyCheckpoint} the next one continues from.
 */
public final class BackupVerifier {
    private final Storage storage;

    public BackupVerifier(Storage storage) {
        this.storage = storage;
    }

    public VerifyResult verify(BackupLayout layout, String generation, Manifest.InventoryRef inventory, boolean deep) {
        return verify(layout, generation, inventory, deep, VerifyCheckpoint.START, Long.MAX_VALUE).result();
    }

    /**
     * Verifies (part of) a generation: continues after {@code from} (reading the inventory from its chunk
     * {@code from.inventoryChunk()}, skipping entries up to its last key, and listing the backup's objects after
     * that key) and stops after {@code maxObjects} inventory entries. Running it again from the same checkpoint
     * gives the same progress.
     */
    public VerifyProgress verify(BackupLayout layout, String generation, Manifest.InventoryRef inventory,
                                 boolean deep, VerifyCheckpoint from, long maxObjects) {
        if (maxObjects < 1) {
            throw ErrorCode.INVALID_INPUT.exception("the verify budget must be at least 1 object, was "
                    + maxObjects);
        }
        Location repoRoot = layout.repositoryRoot();
        Location inventoryRoot = repoRoot.resolve(inventory.prefix());
        Map<String, ObjectInfo> mutable = new HashMap<>();
        try (Stream<ObjectInfo> s = storage.storeFor(layout.mutable()).list(layout.mutable(), null)) {
            s.forEach(o -> mutable.put(BackupLayout.MUTABLE + "/" + o.key(), o));
        }
        String lastKey = from.lastKey();
        long checked = from.checked();
        long missing = from.missing();
        long mismatched = from.mismatched();
        List<String> problems = new ArrayList<>(from.problems());
        long verified = 0;
        int chunk = from.inventoryChunk();
        boolean done = true;
        ObjectStore objects = storage.storeFor(layout.objects());
        try (Stream<ObjectInfo> held = objects.list(layout.objects(), from.lastKey())) {
            var heldIt = held.iterator();
            ObjectInfo next = heldIt.hasNext() ? heldIt.next() : null;
            chunks:
            for (; chunk < inventory.chunks(); chunk++) {
                List<InventoryEntry> entries = JsonLinesChunks.readChunk(storage, inventoryRoot, chunk,
                        InventoryEntry.class);
                for (InventoryEntry e : entries) {
                    if (from.lastKey() != null && KeyOrder.compare(e.key(), from.lastKey()) <= 0) {
                        continue;
                    }
                    if (verified == maxObjects) {
                        done = false;
                        break chunks;
                    }
                    verified++;
                    checked++;
                    lastKey = e.key();
                    ObjectInfo actual;
                    if (e.stored().startsWith(BackupLayout.OBJECTS + "/")) {
                        while (next != null && KeyOrder.compare(next.key(), e.key()) < 0) {
                            next = heldIt.hasNext() ? heldIt.next() : null;
                        }
                        actual = next != null && next.key().equals(e.key()) ? next : null;
                    } else {
                        actual = mutable.get(e.stored());
                    }
                    ObjectInfo expected = new ObjectInfo(e.key(), e.size(), e.etag(), null, null);
                    String problem = null;
                    if (actual == null) {
                        missing++;
                        problem = "missing: " + e.key();
                    } else if (!CopyPlanner.sameContent(expected, actual)) {
                        mismatched++;
                        problem = "differs: " + e.key() + " (size " + actual.size() + ", expected " + e.size() + ")";
                    } else if (deep && !contentMatches(repoRoot.resolve(e.stored()), e)) {
                        mismatched++;
                        problem = "content differs: " + e.key();
                    }
                    if (problem != null && problems.size() < VerifyCheckpoint.MAX_PROBLEMS) {
                        problems.add(problem);
                    }
                }
            }
        }
        if (!done) {
            return VerifyProgress.paused(new VerifyCheckpoint(lastKey, chunk, checked, missing, mismatched,
                    problems));
        }
        if (checked != inventory.objects()) {
            problems.add(0, "inventory holds " + checked + " entries, manifest says " + inventory.objects());
            mismatched++;
        }
        VerifyResult result = new VerifyResult(generation, checked, missing, mismatched, problems);
        return VerifyProgress.finished(new VerifyCheckpoint(lastKey, inventory.chunks(), checked, missing,
                mismatched, result.problems()), result);
    }

    private boolean contentMatches(Location location, InventoryEntry e) {
        try (InputStream in = storage.storeFor(location).open(location)) {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            long n;
            try (DigestInputStream d = new DigestInputStream(in, md5)) {
                n = d.transferTo(java.io.OutputStream.nullOutputStream());
            }
            if (n != e.size()) {
                return false;
            }
            String etag = e.etag();
            return etag == null || !etag.matches("^[0-9a-fA-F]{32}$")
                    || HexFormat.of().formatHex(md5.digest()).equalsIgnoreCase(etag);
        } catch (IOException ex) {
            throw ErrorCode.UNAVAILABLE.exception("reading " + location + " failed: " + ex.getMessage(), ex);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
