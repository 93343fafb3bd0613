package org.lakefsbackup.core.copy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.CopyItem;
import org.lakefsbackup.core.model.JsonLinesChunks;
import org.lakefsbackup.core.store.Checksum;
import org.lakefsbackup.core.store.KeyOrder;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.Storage;

/**
 * What the copy steps of a backup plan recorded, one {@link CopiedObject} per plan item, in key order, read one
 * plan chunk at a time. A chunk whose record is missing (copied by something that records nothing, such as S3 Batch
 * Operations) is looked up in the backup instead: a listing of {@code objects/} over the chunk's key range, and a
 * listing of {@code mutable/} (made once, when first needed). Not thread-safe.
 */
public final class RecordedCopies {
    private final Storage storage;
    private final CopyPlan plan;
    private final BackupLayout layout;
    private Map<String, ObjectInfo> mutable;
    private final Deque<CopiedObject> pending = new ArrayDeque<>();
    private int nextChunk;
    private String lastKey;
    private long listedChunks;

    public RecordedCopies(Storage storage, CopyPlan plan, BackupLayout layout) {
        if (plan.copiedPrefix() == null) {
            throw new IllegalArgumentException("the plan records no copies");
        }
        this.storage = storage;
        this.plan = plan;
        this.layout = layout;
    }

    /** The backup's {@code mutable/} objects by stored key ({@code mutable/<key>/v-<version>}). */
    public static Map<String, ObjectInfo> listMutable(Storage storage, BackupLayout layout) {
        Map<String, ObjectInfo> found = new HashMap<>();
        try (Stream<ObjectInfo> s = storage.storeFor(layout.mutable()).list(layout.mutable(), null)) {
            s.forEach(o -> found.put(BackupLayout.MUTABLE + "/" + o.key(), o));
        }
        return found;
    }

    /**
     * The record of the copy of {@code key}, or empty when the plan did not copy it. Keys must be asked for in
     * {@link KeyOrder}; records of keys sorting before {@code key} that were never asked for are skipped.
     */
    public Optional<CopiedObject> take(String key) {
        while (true) {
            while (!pending.isEmpty() && KeyOrder.compare(pending.peekFirst().key(), key) < 0) {
                pending.removeFirst();
            }
            if (!pending.isEmpty()) {
                return pending.peekFirst().key().equals(key) ? Optional.of(pending.removeFirst()) : Optional.empty();
            }
            if (nextChunk >= plan.chunks()) {
                return Optional.empty();
            }
            load(nextChunk++);
        }
    }

    /** Plan chunks whose copies were not recorded and were looked up in a listing instead. */
    public long listedChunks() {
        return listedChunks;
    }

    private void load(int chunk) {
        Optional<List<CopiedObject>> recorded = JsonLinesChunks.readChunkIfPresent(storage,
                Location.parse(plan.copiedPrefix()), chunk, CopiedObject.class);
        List<CopiedObject> copies = recorded.orElseGet(() -> lookUp(chunk));
        pending.addAll(copies);
        if (!copies.isEmpty()) {
            lastKey = copies.get(copies.size() - 1).key();
        }
    }

    /** What the backup holds for the items of a plan chunk that recorded nothing. */
    private List<CopiedObject> lookUp(int chunk) {
        listedChunks++;
        List<CopyItem> items = JsonLinesChunks.readChunk(storage, Location.parse(plan.planPrefix()), chunk,
                CopyItem.class);
        if (items.isEmpty()) {
            return List.of();
        }
        String last = items.get(items.size() - 1).source();
        Location objects = layout.objects();
        try (Stream<ObjectInfo> listing = storage.storeFor(objects).list(objects, lastKey)) {
            Iterator<ObjectInfo> it = listing.iterator();
            ObjectInfo held = it.hasNext() ? it.next() : null;
            java.util.ArrayList<CopiedObject> found = new java.util.ArrayList<>(items.size());
            for (CopyItem item : items) {
                ObjectInfo actual;
                if (item.target().startsWith(BackupLayout.OBJECTS + "/")) {
                    while (held != null && KeyOrder.compare(held.key(), item.source()) < 0) {
                        held = it.hasNext() && KeyOrder.compare(held.key(), last) < 0 ? it.next() : null;
                    }
                    actual = held != null && held.key().equals(item.source()) ? held : null;
                } else {
                    if (mutable == null) {
                        mutable = listMutable(storage, layout);
                    }
                    actual = mutable.get(item.target());
                }
                found.add(actual == null
                        ? new CopiedObject(item.source(), item.size(), null, null, ErrorCode.NOT_FOUND)
                        : new CopiedObject(item.source(), actual.size(), actual.etag(), first(actual.checksums()),
                        null));
            }
            return found;
        }
    }

    private static Checksum first(List<Checksum> checksums) {
        return checksums.isEmpty() ? null : checksums.get(0);
    }
}
