package org.lakefsbackup.core.retention;

import java.util.ArrayList;
import java.util.List;
import org.lakefsbackup.core.error.ErrorCode;

/**
 * Which generations of a repository to keep, as restic's {@code forget} and AWS Backup's lifecycle say it: the last
 * N backups, the newest backup of each of the last N days, ISO weeks, months and years (grandfather-father-son),
 * every backup within a span of the newest, and never one younger than a minimum age. A generation is kept when
 * any rule keeps it; the newest generation is always kept. Days, weeks (ISO-8601, starting on Monday), months and
 * years are those of UTC. Applied by {@link Retention#apply}.
 *
 * <p>A policy without any keep rule is refused: it would forget everything but the newest generation. A minimum
 * age alone is no keep rule: it only protects young generations from the other rules.
 *
 * @param keepLast    keep the newest this many backups, or {@code null}
 * @param keepDaily   keep the newest backup of each of the last this many days that have one, or {@code null}
 * @param keepWeekly  the same per ISO week, or {@code null}
 * @param keepMonthly the same per month, or {@code null}
 * @param keepYearly  the same per year, or {@code null}
 * @param keepWithin  keep every backup made within this span before the newest backup, or {@code null}
 * @param minAge      keep every backup younger than this (counted from now), whatever the other rules say, or
 *                    {@code null}
 */
public record RetentionPolicy(Integer keepLast, Integer keepDaily, Integer keepWeekly, Integer keepMonthly,
                              Integer keepYearly, Span keepWithin, Span minAge) {
    public RetentionPolicy {
        positive("keep-last", keepLast);
        positive("keep-daily", keepDaily);
        positive("keep-weekly", keepWeekly);
        positive("keep-monthly", keepMonthly);
        positive("keep-yearly", keepYearly);
        if (keepLast == null && keepDaily == null && keepWeekly == null && keepMonthly == null && keepYearly == null
                && keepWithin == null) {
            throw ErrorCode.INVALID_INPUT.exception("a retention policy needs at least one keep rule (keep-last, "
                    + "keep-daily, keep-weekly, keep-monthly, keep-yearly or keep-within): without one it would "
                    + "forget every generation but the newest");
        }
    }

    private static void positive(String rule, Integer n) {
        if (n != null && n < 1) {
            throw ErrorCode.INVALID_INPUT.exception(rule + " must be at least 1, was " + n);
        }
    }

    /** The rules, as the CLI's options spell them, e.g. {@code keep-last 3, keep-daily 7, min-age 1d}. */
    public String describe() {
        List<String> rules = new ArrayList<>();
        add(rules, "keep-last", keepLast);
        add(rules, "keep-daily", keepDaily);
        add(rules, "keep-weekly", keepWeekly);
        add(rules, "keep-monthly", keepMonthly);
        add(rules, "keep-yearly", keepYearly);
        add(rules, "keep-within", keepWithin);
        add(rules, "min-age", minAge);
        return String.join(", ", rules);
    }

    private static void add(List<String> rules, String name, Object value) {
        if (value != null) {
            rules.add(name + " " + value);
        }
    }
}
