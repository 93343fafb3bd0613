package org.lakefsbackup.core.prune;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.InventoryEntry;
import org.lakefsbackup.core.model.JsonLinesChunks;
import org.lakefsbackup.core.store.KeyOrder;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds what prune may delete: a streamed sorted merge of the backup's {@code objects/} listing against the
 * {@link LiveSet} of the kept generations (the union of their inventories), then the few {@code mutable/} versions
 * against the versions those inventories name. An object is a candidate only when no kept generation references it.
 * Memory is one listing page, one line per kept generation and the mutable versions, whatever the number of
 * objects; the candidates go to gzipped JSON-lines chunks (or, in a dry run, are only counted).
 *
 * <p>Resumable: an invocation stops after a budget of objects and returns a checkpoint the next one continues from;
 * run again from the same checkpoint, it rewrites the same chunks with the same candidates.
 */
public final class PrunePlanner {
    private static final Logger LOG = LoggerFactory.getLogger(PrunePlanner.class);

    private final Storage storage;
    private final int chunkSize;

    /**
     * @param chunkSize candidates per chunk
     */
    public PrunePlanner(Storage storage, int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be positive");
        }
        this.storage = storage;
        this.chunkSize = chunkSize;
    }

    /** How far a plan got: {@code done}, or paused at its checkpoint. */
    public record Progress(boolean done, PruneCheckpoint checkpoint) {
    }

    /**
     * Plans (part of) a prune of one repository's backup.
     *
     * @param kept        the kept generations' inventories (their {@code fromChunk} is ignored: positions come from
     *                    {@code from})
     * @param from        where the previous invocation stopped ({@link PruneCheckpoint#start()} at first)
     * @param maxObjects  stop after merging about this many listed objects and inventory lines
     * @param candidates  where to write candidate chunks, or {@code null} to count only (a dry run)
     */
    public Progress plan(BackupLayout layout, List<LiveSet.Source> kept, PruneCheckpoint from, long maxObjects,
                         Location candidates) {
        if (maxObjects < 1) {
            throw ErrorCode.INVALID_INPUT.exception("the prune budget must be at least 1 object, was " + maxObjects);
        }
        if (!from.positions().isEmpty() && from.positions().size() != kept.size()) {
            throw ErrorCode.INVALID_INPUT.exception("the prune checkpoint is for " + from.positions().size()
                    + " kept generations, not " + kept.size() + ": plan again from the start");
        }
        List<LiveSet.Source> sources = new ArrayList<>();
        for (int i = 0; i < kept.size(); i++) {
            LiveSet.Source s = kept.get(i);
            sources.add(new LiveSet.Source(s.generation(), s.inventory(),
                    from.positions().isEmpty() ? 0 : from.positions().get(i)));
        }
        Counts c = new Counts(from);
        var store = storage.storeFor(layout.objects());
        try (Stream<ObjectInfo> listing = store.list(layout.objects(), from.lastKey());
             LiveSet live = new LiveSet(storage, layout, sources, from.lastKey());
             var out = candidates == null ? null : new JsonLinesChunks.Writer<>(storage, candidates, chunkSize,
                     Candidate.class, from.chunks())) {
            long startLines = live.linesRead();
            long merged = 0;
            Iterator<ObjectInfo> it = listing.iterator();
            while (it.hasNext()) {
                if (merged + live.linesRead() - startLines >= maxObjects) {
                    if (out != null) {
                        out.close();
                    }
                    PruneCheckpoint at = c.checkpoint(live.positions(), out == null ? from.chunks() : out.chunks());
                    LOG.info("planned prune of {} up to {}: {} objects merged, {} to delete so far; continuing later",
                            layout.repository(), at.lastKey(), at.listed(), at.candidates());
                    return new Progress(false, at);
                }
                ObjectInfo o = it.next();
                merged++;
                c.listed++;
                boolean referenced = false;
                while (live.peek() != null && KeyOrder.compare(live.peek().key(), o.key()) <= 0) {
                    InventoryEntry e = live.next();
                    if (c.mutable(e)) {
                        continue;
                    }
                    if (e.key().equals(o.key())) {
                        referenced = true;
                    } else {
                        c.missing++;
                    }
                }
                if (referenced) {
                    c.live++;
                } else {
                    c.candidate(out, new Candidate(BackupLayout.objectKey(o.key()), o.size()));
                }
                c.lastKey = o.key();
            }
            while (live.peek() != null) {
                if (!c.mutable(live.next())) {
                    c.missing++;
                }
            }
            try (Stream<ObjectInfo> versions = storage.storeFor(layout.mutable()).list(layout.mutable(), null)) {
                versions.forEach(v -> {
                    String stored = BackupLayout.MUTABLE + "/" + v.key();
                    if (!c.liveMutable.contains(stored)) {
                        c.candidate(out, new Candidate(stored, v.size()));
                    }
                });
            }
            if (out != null) {
                out.close();
            }
            PruneCheckpoint done = c.checkpoint(List.of(), out == null ? from.chunks() : out.chunks());
            if (done.missing() > 0) {
                LOG.warn("{} object(s) that kept generations of {} reference are missing from the backup: run verify",
                        done.missing(), layout.repository());
            }
            LOG.info("planned prune of {}: {} backed-up objects, {} referenced by the {} kept generation(s), {} to "
                    + "delete ({} bytes)", layout.repository(), done.listed(), done.live(), kept.size(),
                    done.candidates(), done.candidateBytes());
            return new Progress(true, done);
        }
    }

    /** Running counts of one invocation, continued from a checkpoint. */
    private static final class Counts {
        String lastKey;
        final Set<String> liveMutable;
        long listed;
        long live;
        long missing;
        long candidates;
        long candidateBytes;
        final List<String> sample;

        Counts(PruneCheckpoint from) {
            lastKey = from.lastKey();
            liveMutable = new TreeSet<>(from.liveMutable());
            listed = from.listed();
            live = from.live();
            missing = from.missing();
            candidates = from.candidates();
            candidateBytes = from.candidateBytes();
            sample = new ArrayList<>(from.sample());
        }

        /**
         * Records a kept generation's mutable version; {@code false} for an immutable object. Refuses an entry held
         * anywhere else, or an immutable one held under another key: deciding what to delete by it would be unsafe.
         */
        boolean mutable(InventoryEntry e) {
            if (e.stored().startsWith(BackupLayout.MUTABLE + "/")) {
                liveMutable.add(e.stored());
                return true;
            }
            if (!e.stored().equals(BackupLayout.objectKey(e.key()))) {
                throw ErrorCode.INVALID_MANIFEST.exception("an inventory holds '" + e.key() + "' at '" + e.stored()
                        + "', not under objects/ by its key: refusing to prune by it");
            }
            return false;
        }

        void candidate(JsonLinesChunks.Writer<Candidate> out, Candidate c) {
            candidates++;
            candidateBytes += c.size();
            if (sample.size() < PruneCheckpoint.SAMPLE) {
                sample.add(c.stored());
            }
            if (out != null) {
                out.add(c);
            }
        }

        PruneCheckpoint checkpoint(List<Integer> positions, int chunks) {
            return new PruneCheckpoint(lastKey, positions, liveMutable, chunks, listed, live, missing, candidates,
                    candidateBytes, sample);
        }
    }
}
