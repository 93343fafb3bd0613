package org.lakefsbackup.core.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lakefsbackup.core.error.InvalidInputException;
import org.lakefsbackup.core.model.Json;

/**
 * The retention rules over generated histories (hourly, irregular, with idle stretches recorded as "still current"
 * marks) and at the edges of each grandfather-father-son period, all in UTC.
 */
class RetentionTest {
    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    static RetentionPolicy last(int n) {
        return new RetentionPolicy(n, null, null, null, null, null, null);
    }

    static RetentionPolicy gfs(Integer daily, Integer weekly, Integer monthly, Integer yearly) {
        return new RetentionPolicy(null, daily, weekly, monthly, yearly, null, null);
    }

    static Retention.Snapshot at(String generation, String time) {
        return new Retention.Snapshot(generation, Instant.parse(time));
    }

    static List<String> kept(Retention.Decision d) {
        return d.kept().stream().map(Retention.Kept::generation).toList();
    }

    /** One generation per snapshot, named g0000, g0001... in time order. */
    static List<Retention.Snapshot> history(List<Instant> times) {
        List<Retention.Snapshot> out = new ArrayList<>();
        List<Instant> sorted = new ArrayList<>(times);
        sorted.sort(null);
        for (int i = 0; i < sorted.size(); i++) {
            out.add(new Retention.Snapshot(String.format("g%04d", i), sorted.get(i)));
        }
        return out;
    }

    static List<Instant> hourly(Instant from, int hours) {
        List<Instant> out = new ArrayList<>();
        for (int i = 0; i < hours; i++) {
            out.add(from.plus(Duration.ofHours(i)));
        }
        return out;
    }

    /** Irregular backups: 0 to 5 a day for {@code days} days, at random minutes, seeded. */
    static List<Instant> irregular(long seed, Instant from, int days) {
        Random r = new Random(seed);
        List<Instant> out = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            int n = r.nextInt(6);
            for (int i = 0; i < n; i++) {
                out.add(from.plus(Duration.ofDays(d)).plus(Duration.ofMinutes(r.nextInt(24 * 60))));
            }
        }
        return out.stream().distinct().toList();
    }

    @Test
    void anEmptyPolicyIsRefusedAndAMinimumAgeAloneIsNoKeepRule() {
        assertThatThrownBy(() -> new RetentionPolicy(null, null, null, null, null, null, null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("at least one keep rule");
        assertThatThrownBy(() -> new RetentionPolicy(null, null, null, null, null, null, Span.parse("7d")))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> last(0)).isInstanceOf(InvalidInputException.class).hasMessageContaining("keep-last");
        assertThatThrownBy(() -> gfs(null, -2, null, null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void spansParseAsResticWritesThemAndCountOnTheUtcCalendar() {
        assertThat(Span.parse("1y6m")).isEqualTo(new Span(1, 6, 0, 0));
        assertThat(Span.parse("2w3d")).isEqualTo(new Span(0, 0, 17, 0));
        assertThat(Span.parse("36h").toString()).isEqualTo("36h");
        assertThat(Span.parse("1m").before(Instant.parse("2026-03-31T10:00:00Z")))
                .isEqualTo(Instant.parse("2026-02-28T10:00:00Z"));
        for (String bad : new String[] {"", "7", "d", "1d1y", "-1d", "1.5d", "99999999999d"}) {
            assertThatThrownBy(() -> Span.parse(bad)).as(bad).isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void aPolicyReadsFromSnakeCaseJsonWithResticSpans() throws Exception {
        RetentionPolicy p = Json.mapper().readValue("{\"keep_daily\": 7, \"keep_within\": \"30d\", \"min_age\": \"1d\"}",
                RetentionPolicy.class);
        assertThat(p).isEqualTo(new RetentionPolicy(null, 7, null, null, null, Span.parse("30d"), Span.parse("1d")));
        assertThat(Json.writeString(p)).contains("\"keep_within\" : \"30d\"");
        assertThat(p.describe()).isEqualTo("keep-daily 7, keep-within 30d, min-age 1d");
    }

    @Test
    void noSnapshotsDecideNothing() {
        Retention.Decision d = Retention.apply(last(3), List.of(), NOW);
        assertThat(d.kept()).isEmpty();
        assertThat(d.forgotten()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 40})
    void keepLastKeepsTheNewestNAndForgetsTheRest(int n) {
        List<Retention.Snapshot> h = history(irregular(n, Instant.parse("2026-01-01T00:00:00Z"), 20));
        Retention.Decision d = Retention.apply(last(n), h, NOW);
        List<String> newest = h.stream().sorted(Comparator.comparing(Retention.Snapshot::time).reversed())
                .limit(n).map(Retention.Snapshot::generation).toList();
        assertThat(kept(d)).containsExactlyElementsOf(newest);
        assertThat(d.kept().size() + d.forgotten().size()).isEqualTo(h.size());
    }

    /** Over generated histories, each calendar rule keeps exactly the newest snapshot of each of its newest n periods. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void eachCalendarRuleKeepsTheNewestSnapshotOfEachOfItsNewestPeriods(long seed) {
        List<Retention.Snapshot> h = history(irregular(seed, Instant.parse("2023-12-20T00:00:00Z"), 800));
        Random r = new Random(seed);
        int daily = 1 + r.nextInt(20);
        int weekly = 1 + r.nextInt(10);
        int monthly = 1 + r.nextInt(14);
        int yearly = 1 + r.nextInt(4);
        Map<String, Function<ZonedDateTime, String>> periods = Map.of(
                "daily", t -> t.toLocalDate().toString(),
                "weekly", t -> t.get(IsoFields.WEEK_BASED_YEAR) + "-W" + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR),
                "monthly", t -> t.getYear() + "-" + t.getMonthValue(),
                "yearly", t -> Integer.toString(t.getYear()));
        Map<String, Integer> counts = Map.of("daily", daily, "weekly", weekly, "monthly", monthly, "yearly", yearly);
        Set<String> expected = new HashSet<>();
        for (var rule : periods.entrySet()) {
            RetentionPolicy only = switch (rule.getKey()) {
                case "daily" -> gfs(daily, null, null, null);
                case "weekly" -> gfs(null, weekly, null, null);
                case "monthly" -> gfs(null, null, monthly, null);
                default -> gfs(null, null, null, yearly);
            };
            Set<String> byRule = newestPerPeriod(h, rule.getValue(), counts.get(rule.getKey()));
            Set<String> keptAlone = new HashSet<>(kept(Retention.apply(only, h, NOW)));
            assertThat(keptAlone).as(rule.getKey() + " alone (seed " + seed + ")").isEqualTo(byRule);
            expected.addAll(byRule);
        }
        Retention.Decision all = Retention.apply(gfs(daily, weekly, monthly, yearly), h, NOW);
        assertThat(new HashSet<>(kept(all))).as("the rules together keep the union").isEqualTo(expected);
        assertThat(all.forgotten()).doesNotContainAnyElementsOf(expected)
                .hasSize(h.size() - expected.size());
    }

    /** The reference: group by period, take the newest snapshot of each of the newest n periods. */
    static Set<String> newestPerPeriod(List<Retention.Snapshot> h, Function<ZonedDateTime, String> period, int n) {
        TreeMap<Instant, String> newestOfPeriod = new TreeMap<>(Comparator.reverseOrder());
        Map<String, Retention.Snapshot> byPeriod = new TreeMap<>();
        for (Retention.Snapshot s : h) {
            byPeriod.merge(period.apply(s.time().atZone(ZoneOffset.UTC)), s,
                    (a, b) -> a.time().isAfter(b.time()) ? a : b);
        }
        byPeriod.values().forEach(s -> newestOfPeriod.put(s.time(), s.generation()));
        Set<String> out = new HashSet<>(newestOfPeriod.values().stream().limit(n).toList());
        out.add(h.stream().max(Comparator.comparing(Retention.Snapshot::time)).orElseThrow().generation());
        return out;
    }

    @Test
    void hourlyBackupsForTwoYearsKeepSevenDaysFourWeeksTwelveMonthsTwoYears() {
        List<Retention.Snapshot> h = history(hourly(Instant.parse("2024-11-30T13:00:00Z"), 2 * 365 * 24));
        Retention.Decision d = Retention.apply(gfs(7, 4, 12, 2), h, NOW);
        Map<String, Long> byRule = d.kept().stream().flatMap(k -> k.reasons().stream())
                .map(r -> r.split(" ")[0]).collect(Collectors.groupingBy(r -> r, Collectors.counting()));
        assertThat(byRule).containsEntry("daily", 7L).containsEntry("weekly", 4L).containsEntry("monthly", 12L)
                .containsEntry("yearly", 2L).containsEntry("newest", 1L);
        // every kept snapshot but the newest is the last backup of its day: 23:00 UTC
        assertThat(d.kept().stream().skip(1).map(k -> h.get(Integer.parseInt(k.generation().substring(1))).time()
                .atZone(ZoneOffset.UTC).getHour()).distinct().toList()).containsExactly(23);
    }

    @Test
    void theDailyBoundaryIsMidnightUtc() {
        List<Retention.Snapshot> h = List.of(at("a", "2026-11-28T23:59:59.999Z"), at("b", "2026-11-29T00:00:00Z"),
                at("c", "2026-11-29T23:59:59.999Z"), at("d", "2026-11-30T00:00:00.000Z"));
        assertThat(kept(Retention.apply(gfs(2, null, null, null), h, NOW))).containsExactly("d", "c");
        assertThat(kept(Retention.apply(gfs(3, null, null, null), h, NOW))).containsExactly("d", "c", "a");
    }

    @Test
    void theWeeklyBoundaryIsMondayMidnightUtcAndIsoWeeksCrossTheNewYear() {
        // Sunday 2026-11-29 is the last day of ISO week 48; Monday 2026-11-30 starts week 49
        List<Retention.Snapshot> h = List.of(at("sat", "2026-11-28T10:00:00Z"), at("sun", "2026-11-29T23:59:59Z"),
                at("mon", "2026-11-30T00:00:00Z"));
        assertThat(kept(Retention.apply(gfs(null, 2, null, null), h, NOW))).containsExactly("mon", "sun");
        // Wednesday 2025-12-31 and Thursday 2026-01-01 are both in ISO week 2026-W01; Sunday 2025-12-28 is 2025-W52
        List<Retention.Snapshot> newYear = List.of(at("w52", "2025-12-28T12:00:00Z"), at("dec31", "2025-12-31T12:00:00Z"),
                at("jan1", "2026-01-01T12:00:00Z"));
        Retention.Decision d = Retention.apply(gfs(null, 2, null, null), newYear, NOW);
        assertThat(kept(d)).containsExactly("jan1", "w52");
        assertThat(d.kept().get(0).reasons()).contains("weekly 2026-W01");
        assertThat(d.kept().get(1).reasons()).containsExactly("weekly 2025-W52");
    }

    @Test
    void theMonthlyAndYearlyBoundariesAreTheirFirstInstantUtc() {
        List<Retention.Snapshot> h = List.of(at("jan31", "2025-01-31T23:59:59Z"), at("feb1", "2025-02-01T00:00:00Z"),
                at("dec31", "2025-12-31T23:59:59.999Z"), at("new", "2026-01-01T00:00:00Z"));
        assertThat(kept(Retention.apply(gfs(null, null, 3, null), h, NOW))).containsExactly("new", "dec31", "feb1");
        assertThat(kept(Retention.apply(gfs(null, null, 4, null), h, NOW))).containsExactly("new", "dec31", "feb1",
                "jan31");
        assertThat(kept(Retention.apply(gfs(null, null, null, 2), h, NOW))).containsExactly("new", "dec31");
    }

    @Test
    void keepWithinCountsFromTheNewestBackupNotFromNowAndIncludesItsEdge() {
        List<Retention.Snapshot> h = List.of(at("old", "2025-01-01T00:00:00Z"), at("edge", "2025-01-24T00:00:00Z"),
                at("in", "2025-01-25T00:00:00Z"), at("newest", "2025-01-31T00:00:00Z"));
        RetentionPolicy p = new RetentionPolicy(null, null, null, null, null, Span.parse("7d"), null);
        Retention.Decision d = Retention.apply(p, h, NOW);
        assertThat(kept(d)).containsExactly("newest", "in", "edge");
        assertThat(d.forgotten()).containsExactly("old");
    }

    @Test
    void aMinimumAgeProtectsYoungGenerationsFromEveryOtherRule() {
        List<Retention.Snapshot> h = List.of(at("week-old", "2026-11-23T12:00:00Z"),
                at("yesterday", "2026-11-29T13:00:00Z"), at("today", "2026-11-30T11:00:00Z"));
        RetentionPolicy p = new RetentionPolicy(1, null, null, null, null, null, Span.parse("2d"));
        Retention.Decision d = Retention.apply(p, h, NOW);
        assertThat(kept(d)).containsExactly("today", "yesterday");
        assertThat(d.kept().get(1).reasons()).containsExactly("younger than 2d");
        assertThat(d.forgotten()).containsExactly("week-old");
    }

    @Test
    void anIdleGenerationMarkedStillCurrentCountsOnEveryDayItWasBackedUp() {
        // g1 was made on the 20th and found unchanged on the 21st..25th; g2 was made on the 28th
        List<Retention.Snapshot> h = new ArrayList<>();
        h.add(at("g1", "2026-11-20T02:00:00Z"));
        for (int day = 21; day <= 25; day++) {
            h.add(at("g1", "2026-11-" + day + "T02:00:00Z"));
        }
        h.add(at("g0", "2026-11-10T02:00:00Z"));
        h.add(at("g2", "2026-11-28T02:00:00Z"));
        Retention.Decision d = Retention.apply(gfs(3, null, null, null), h, NOW);
        assertThat(kept(d)).containsExactly("g2", "g1");
        assertThat(d.kept().get(1).reasons()).containsExactly("daily 2026-11-25", "daily 2026-11-24");
        assertThat(d.forgotten()).containsExactly("g0");
        // keep-within over the idle stretch keeps the generation that was current within it
        RetentionPolicy within = new RetentionPolicy(null, null, null, null, null, Span.parse("5d"), null);
        assertThat(kept(Retention.apply(within, h, NOW))).containsExactly("g2", "g1");
    }

    @Test
    void theNewestGenerationIsAlwaysKept() {
        List<Retention.Snapshot> h = List.of(at("old", "2020-01-01T00:00:00Z"), at("newest", "2020-02-01T00:00:00Z"));
        // a policy with no rule is refused (above); one whose rule keeps nothing here still keeps the newest
        RetentionPolicy within = new RetentionPolicy(null, null, null, null, null, Span.parse("1h"), null);
        assertThat(kept(Retention.apply(within, h, NOW))).containsExactly("newest");
    }
}
