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
 * reads every object and compares its MD5 with the recorded ETag.
 */
public final class BackupVerifier {
    private final Storage storage;

    public BackupVerifier(Storage storage) {
        this.storage = storage;
    }

    public VerifyResult verify(BackupLayout layout, String generation, Manifest.InventoryRef inventory, boolean deep) {
        Location repoRoot = layout.repositoryRoot();
        Map<String, ObjectInfo> mutable = new HashMap<>();
        try (Stream<ObjectInfo> s = storage.storeFor(layout.mutable()).list(layout.mutable(), null)) {
            s.forEach(o -> mutable.put(BackupLayout.MUTABLE + "/" + o.key(), o));
        }
        long checked = 0;
        long missing = 0;
        long mismatched = 0;
        List<String> problems = new ArrayList<>();
        ObjectStore objects = storage.storeFor(layout.objects());
        try (Stream<InventoryEntry> entries = JsonLinesChunks.stream(storage, repoRoot.resolve(inventory.prefix()),
                inventory.chunks(), InventoryEntry.class);
             Stream<ObjectInfo> held = objects.list(layout.objects(), null)) {
            var heldIt = held.iterator();
            ObjectInfo next = heldIt.hasNext() ? heldIt.next() : null;
            for (var it = entries.iterator(); it.hasNext(); ) {
                InventoryEntry e = it.next();
                checked++;
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
                if (actual == null) {
                    missing++;
                    problems.add("missing: " + e.key());
                } else if (!CopyPlanner.sameContent(expected, actual)) {
                    mismatched++;
                    problems.add("differs: " + e.key() + " (size " + actual.size() + ", expected " + e.size() + ")");
                } else if (deep && !contentMatches(repoRoot.resolve(e.stored()), e)) {
                    mismatched++;
                    problems.add("content differs: " + e.key());
                }
            }
        }
        if (checked != inventory.objects()) {
            problems.add(0, "inventory holds " + checked + " entries, manifest says " + inventory.objects());
            mismatched++;
        }
        return new VerifyResult(generation, checked, missing, mismatched, problems);
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
