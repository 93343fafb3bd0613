package org.lakefsbackup.core.prune;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.InventoryEntry;
import org.lakefsbackup.core.model.Manifest;
import org.lakefsbackup.core.prune.internal.InventoryCursor;
import org.lakefsbackup.core.store.KeyOrder;
import org.lakefsbackup.core.store.Storage;

/**
 * What a set of generations references, as one stream: a sorted merge of their inventories (each read a line at a
 * time), giving each distinct backed-up object once, in the inventories' key order (then by where the backup holds
 * it, since different generations may hold different versions of a mutable key). Memory is one line and one
 * decompression buffer per generation, whatever the number of objects. Not thread-safe.
 */
public final class LiveSet implements AutoCloseable {
    /**
     * One generation's inventory.
     *
     * @param generation the generation id (for messages)
     * @param inventory  its manifest's inventory reference
     * @param fromChunk  the chunk to start at (0, or a checkpoint's position)
     */
    public record Source(String generation, Manifest.InventoryRef inventory, int fromChunk) {
        public Source {
            Objects.requireNonNull(generation, "generation");
            Objects.requireNonNull(inventory, "inventory");
        }
    }

    /** A source's next unconsumed entry and the chunk it was read from. */
    private record Head(int source, InventoryEntry entry, int chunk) {
    }

    private static final Comparator<Head> ORDER = Comparator.<Head, String>comparing(h -> h.entry().key(),
            KeyOrder.COMPARATOR).thenComparing(h -> h.entry().stored()).thenComparingInt(Head::source);

    private final List<InventoryCursor> cursors = new ArrayList<>();
    private final PriorityQueue<Head> heads = new PriorityQueue<>(ORDER);
    /** The heads that make up {@link #next} (one per source holding it). */
    private List<Head> nextHeads = List.of();
    private InventoryEntry next;
    private List<Integer> lastSources = List.of();

    /**
     * @param after skip entries whose key is at or before this one (a checkpoint's last key), or {@code null}
     */
    public LiveSet(Storage storage, BackupLayout layout, List<Source> sources, String after) {
        try {
            for (Source s : sources) {
                InventoryCursor c = new InventoryCursor(storage, layout.repositoryRoot().resolve(s.inventory()
                        .prefix()), s.inventory().chunks(), s.fromChunk(), after);
                cursors.add(c);
                refill(cursors.size() - 1);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        next = take();
    }

    /** The next distinct object without taking it, or {@code null} at the end. */
    public InventoryEntry peek() {
        return next;
    }

    /** Takes the next distinct object (the entry of the first source holding it); {@code null} at the end. */
    public InventoryEntry next() {
        InventoryEntry e = next;
        if (e != null) {
            lastSources = nextHeads.stream().map(Head::source).sorted().toList();
            next = take();
        }
        return e;
    }

    /** The sources (indexes into the constructor's list) that hold the object {@link #next} returned last. */
    public List<Integer> sourcesOfLast() {
        return lastSources;
    }

    /**
     * Per source, the chunk holding its first entry not taken yet ({@link #peek} included), or its chunk count when
     * it has none left: where a checkpoint taken after the last entry taken resumes each source, with that entry's
     * key as {@code after}.
     */
    public List<Integer> positions() {
        List<Integer> out = new ArrayList<>();
        for (InventoryCursor c : cursors) {
            out.add(c.chunk());
        }
        for (Head h : heads) {
            out.set(h.source(), h.chunk());
        }
        for (Head h : nextHeads) {
            out.set(h.source(), h.chunk());
        }
        return out;
    }

    /** Lines read from every inventory so far. */
    public long linesRead() {
        return cursors.stream().mapToLong(InventoryCursor::linesRead).sum();
    }

    private InventoryEntry take() {
        Head first = heads.poll();
        if (first == null) {
            nextHeads = List.of();
            return null;
        }
        List<Head> taken = new ArrayList<>();
        taken.add(first);
        while (!heads.isEmpty() && same(heads.peek().entry(), first.entry())) {
            taken.add(heads.poll());
        }
        taken.forEach(h -> refill(h.source()));
        nextHeads = taken;
        return first.entry();
    }

    private static boolean same(InventoryEntry a, InventoryEntry b) {
        return a.key().equals(b.key()) && a.stored().equals(b.stored());
    }

    private void refill(int source) {
        InventoryCursor c = cursors.get(source);
        int chunk = c.chunk();
        InventoryEntry e = c.next();
        if (e != null) {
            heads.add(new Head(source, e, chunk));
        }
    }

    @Override
    public void close() {
        cursors.forEach(InventoryCursor::close);
    }
}
