package org.lakefsbackup.cli;

import org.lakefsbackup.core.retention.RetentionPolicy;
import org.lakefsbackup.core.retention.Span;
import picocli.CommandLine.Option;

/** The retention policy of {@code forget} and {@code prune}, in restic's words. */
final class RetentionOptions {
    @Option(names = "--keep-last", paramLabel = "N", converter = Converters.Positive.class,
            description = "keep the newest N backups")
    Integer keepLast;

    @Option(names = "--keep-daily", paramLabel = "N", converter = Converters.Positive.class,
            description = "keep the newest backup of each of the last N days that have one (UTC days)")
    Integer keepDaily;

    @Option(names = "--keep-weekly", paramLabel = "N", converter = Converters.Positive.class,
            description = "keep the newest backup of each of the last N ISO weeks (Monday to Sunday, UTC)")
    Integer keepWeekly;

    @Option(names = "--keep-monthly", paramLabel = "N", converter = Converters.Positive.class,
            description = "keep the newest backup of each of the last N months (UTC)")
    Integer keepMonthly;

    @Option(names = "--keep-yearly", paramLabel = "N", converter = Converters.Positive.class,
            description = "keep the newest backup of each of the last N years (UTC)")
    Integer keepYearly;

    @Option(names = "--keep-within", paramLabel = "SPAN",
            description = "keep every backup made within SPAN before the newest one, e.g. 30d, 2y6m, 12h")
    String keepWithin;

    @Option(names = "--min-age", paramLabel = "SPAN",
            description = "never forget a backup younger than SPAN (counted from now), whatever the other rules say")
    String minAge;

    /** The policy the options give, or {@code null} when none is given; INVALID_INPUT for one without a keep rule. */
    RetentionPolicy policy() {
        if (keepLast == null && keepDaily == null && keepWeekly == null && keepMonthly == null && keepYearly == null
                && keepWithin == null && minAge == null) {
            return null;
        }
        return new RetentionPolicy(keepLast, keepDaily, keepWeekly, keepMonthly, keepYearly,
                keepWithin == null ? null : Span.parse(keepWithin), minAge == null ? null : Span.parse(minAge));
    }
}
