package org.lakefsbackup.core.retention;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Applies a {@link RetentionPolicy} to a repository's backups: a pure function of the backups' times, the policy and
 * the current time, as restic's {@code forget} (its {@code ApplyPolicy}) works.
 *
 * <p>A backup is a {@link Snapshot}: a generation and a time. A generation is one snapshot when it is created and one
 * more each time a later backup found the repository unchanged and recorded that the generation was still current
 * (see {@code docs/backup-format.md}), so an idle repository's one generation counts as a daily backup on every day
 * it was backed up. Snapshots are taken newest first; each rule keeps:
 * <ul>
 *   <li>{@code keep-last n}: the first n snapshots;</li>
 *   <li>{@code keep-daily n} (weekly, monthly, yearly alike): a snapshot whose UTC day (ISO week, month, year) differs
 *       from that of the last snapshot this rule kept, until it kept n: the newest snapshot of each of the newest n
 *       days that have one;</li>
 *   <li>{@code keep-within s}: every snapshot at or after the newest snapshot's time minus s (restic counts from the
 *       newest backup, not from now, so a repository that stopped being backed up keeps its history);</li>
 *   <li>{@code min-age s}: every snapshot after now minus s.</li>
 * </ul>
 * A generation is kept when any of its snapshots is, and the newest snapshot's generation always is. Everything
 * else is forgotten.
 */
public final class Retention {
    private Retention() {
    }

    /** One backup: the generation it recorded (or found still current) and when. */
    public record Snapshot(String generation, Instant time) {
        public Snapshot {
            Objects.requireNonNull(generation, "generation");
            Objects.requireNonNull(time, "time");
        }
    }

    /** A generation the policy keeps, and every rule that keeps it, e.g. {@code daily 2026-11-30}. */
    public record Kept(String generation, List<String> reasons) {
        public Kept {
            Objects.requireNonNull(generation, "generation");
            reasons = List.copyOf(reasons);
        }
    }

    /**
     * What the policy decided.
     *
     * @param kept      the generations kept, newest first, with their reasons
     * @param forgotten the generations forgotten, newest first
     */
    public record Decision(List<Kept> kept, List<String> forgotten) {
        public Decision {
            kept = List.copyOf(kept);
            forgotten = List.copyOf(forgotten);
        }

        /** Whether {@code generation} is kept. */
        public boolean keeps(String generation) {
            return kept.stream().anyMatch(k -> k.generation().equals(generation));
        }
    }

    /** Sorts newest first; at one instant, the greater generation id first. */
    private static final Comparator<Snapshot> NEWEST_FIRST = Comparator.comparing(Snapshot::time)
            .thenComparing(Snapshot::generation).reversed();

    /**
     * Decides which generations {@code policy} keeps among those {@code snapshots} name.
     *
     * @param now the current time (only {@code min-age} uses it)
     */
    public static Decision apply(RetentionPolicy policy, List<Snapshot> snapshots, Instant now) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(now, "now");
        List<Snapshot> sorted = new ArrayList<>(snapshots);
        sorted.sort(NEWEST_FIRST);
        Map<String, Set<String>> reasons = new LinkedHashMap<>();
        Set<String> generations = new LinkedHashSet<>();
        sorted.forEach(s -> generations.add(s.generation()));
        if (sorted.isEmpty()) {
            return new Decision(List.of(), List.of());
        }
        Instant newest = sorted.get(0).time();
        Instant within = policy.keepWithin() == null ? null : policy.keepWithin().before(newest);
        Instant young = policy.minAge() == null ? null : policy.minAge().before(now);
        List<Bucket> buckets = new ArrayList<>();
        buckets.add(new Bucket("daily", policy.keepDaily(), t -> t.toLocalDate().toString()));
        buckets.add(new Bucket("weekly", policy.keepWeekly(), t -> String.format(java.util.Locale.ROOT, "%d-W%02d",
                t.get(IsoFields.WEEK_BASED_YEAR), t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR))));
        buckets.add(new Bucket("monthly", policy.keepMonthly(), t -> String.format(java.util.Locale.ROOT,
                "%d-%02d", t.getYear(), t.getMonthValue())));
        buckets.add(new Bucket("yearly", policy.keepYearly(), t -> Integer.toString(t.getYear())));
        for (int i = 0; i < sorted.size(); i++) {
            Snapshot s = sorted.get(i);
            List<String> why = new ArrayList<>();
            if (i == 0) {
                why.add("newest");
            }
            if (policy.keepLast() != null && i < policy.keepLast()) {
                why.add("last " + (i + 1) + " of " + policy.keepLast());
            }
            ZonedDateTime utc = s.time().atZone(ZoneOffset.UTC);
            for (Bucket b : buckets) {
                b.offer(utc).ifPresent(why::add);
            }
            if (within != null && !s.time().isBefore(within)) {
                why.add("within " + policy.keepWithin() + " of the newest");
            }
            if (young != null && s.time().isAfter(young)) {
                why.add("younger than " + policy.minAge());
            }
            if (!why.isEmpty()) {
                reasons.computeIfAbsent(s.generation(), g -> new LinkedHashSet<>()).addAll(why);
            }
        }
        List<Kept> kept = new ArrayList<>();
        List<String> forgotten = new ArrayList<>();
        for (String g : generations) {
            if (reasons.containsKey(g)) {
                kept.add(new Kept(g, new ArrayList<>(reasons.get(g))));
            } else {
                forgotten.add(g);
            }
        }
        return new Decision(kept, forgotten);
    }

    /** One grandfather-father-son rule: keeps the newest snapshot of each of its newest {@code count} periods. */
    private static final class Bucket {
        private final String name;
        private final Function<ZonedDateTime, String> period;
        private int left;
        private String last;

        Bucket(String name, Integer count, Function<ZonedDateTime, String> period) {
            this.name = name;
            this.period = period;
            this.left = count == null ? 0 : count;
        }

        /** The reason to keep a snapshot of this time (taken newest first), if this rule keeps it. */
        java.util.Optional<String> offer(ZonedDateTime time) {
            if (left == 0) {
                return java.util.Optional.empty();
            }
            String p = period.apply(time);
            if (p.equals(last)) {
                return java.util.Optional.empty();
            }
            last = p;
            left--;
            return java.util.Optional.of(name + " " + p);
        }
    }
}
