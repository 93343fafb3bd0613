package org.lakefsbackup.core.step;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.Storage;

/**
 * What rolling deep verification has re-read of one generation ({@code generations/<id>/checks.json}): per number of
 * subsets {@code t}, the subsets read since the last full pass and when each was read, and when the last full pass
 * (every subset of some {@code t} read, each without a problem) ended. Only a verification that found nothing wrong
 * counts.
 *
 * @param subsets       by {@code t}: subset {@code n} to when it was last read, since the last full pass of that t
 * @param lastFullPass  when a full pass last ended (a {@code --deep} verification is one), or {@code null}
 * @param last          by {@code t}: the subset of that t read most recently (the rolling verification workflow
 *                      reads the next one); absent in files written before it was recorded
 * @param run           the rolling verification run that recorded the newest read ({@code null} for the CLI's
 *                      {@code --read-data-subset}): a run records its read once, however often its step runs
 */
public record ReadCoverage(Map<Integer, Map<Integer, Instant>> subsets, Instant lastFullPass,
                           Map<Integer, Integer> last, String run) {
    public ReadCoverage {
        Map<Integer, Map<Integer, Instant>> copy = new TreeMap<>();
        (subsets == null ? Map.<Integer, Map<Integer, Instant>>of() : subsets).forEach((t, read) ->
                copy.put(t, Map.copyOf(new TreeMap<>(read))));
        subsets = Map.copyOf(copy);
        last = last == null ? Map.of() : Map.copyOf(last);
    }

    /** Nothing read yet. */
    public static ReadCoverage none() {
        return new ReadCoverage(Map.of(), null, Map.of(), null);
    }

    /**
     * The subset of {@code t} read most recently: as recorded, else (files from before that was recorded) the one
     * read last since the last full pass; {@code null} when none is known.
     */
    public Integer lastRead(int t) {
        Integer n = last.get(t);
        if (n != null) {
            return n;
        }
        return subsets.getOrDefault(t, Map.of()).entrySet().stream().max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey).orElse(null);
    }

    /** The subsets of {@code t} read since the last full pass of that {@code t}, in order. */
    public List<Integer> read(int t) {
        return List.copyOf(new TreeSet<>(subsets.getOrDefault(t, Map.of()).keySet()));
    }

    /** This coverage with {@code subset} read at {@code at}: a full pass when that completes every subset of its t. */
    public ReadCoverage with(DataSubset subset, Instant at) {
        return with(subset, at, null);
    }

    /** {@link #with(DataSubset, Instant)}, recorded by run {@code byRun}. */
    public ReadCoverage with(DataSubset subset, Instant at, String byRun) {
        Objects.requireNonNull(subset, "subset");
        Map<Integer, Map<Integer, Instant>> next = new TreeMap<>(subsets);
        Map<Integer, Integer> lastNext = new TreeMap<>(last);
        lastNext.put(subset.t(), subset.n());
        Map<Integer, Instant> read = new TreeMap<>(next.getOrDefault(subset.t(), Map.of()));
        read.put(subset.n(), at);
        if (read.size() == subset.t()) {
            next.remove(subset.t());
            return new ReadCoverage(next, at, lastNext, byRun);
        }
        next.put(subset.t(), read);
        return new ReadCoverage(next, lastFullPass, lastNext, byRun);
    }

    /** The coverage recorded for a generation, or {@link #none()}. */
    public static ReadCoverage load(Storage storage, BackupLayout layout, GenerationId generation) {
        Location at = layout.checks(generation);
        return storage.storeFor(at).get(at).map(b -> Json.read(b, ReadCoverage.class, ErrorCode.INVALID_MANIFEST,
                at.toString())).orElse(none());
    }

    /** Records that {@code subset} of the generation was read without a problem at {@code at}; returns the coverage. */
    public static ReadCoverage record(Storage storage, BackupLayout layout, GenerationId generation, DataSubset subset,
                                      Instant at) {
        return record(storage, layout, generation, subset, at, null);
    }

    /**
     * {@link #record(Storage, BackupLayout, GenerationId, DataSubset, Instant)} by run {@code byRun}: when the
     * coverage already records that run's read of {@code subset} (the step ran again), it is returned unchanged.
     */
    public static ReadCoverage record(Storage storage, BackupLayout layout, GenerationId generation, DataSubset subset,
                                      Instant at, String byRun) {
        ReadCoverage recorded = load(storage, layout, generation);
        if (byRun != null && byRun.equals(recorded.run()) && Integer.valueOf(subset.n()).equals(
                recorded.last().get(subset.t()))) {
            return recorded;
        }
        ReadCoverage next = recorded.with(subset, at, byRun);
        Location where = layout.checks(generation);
        storage.storeFor(where).put(where, Json.write(next));
        return next;
    }
}
