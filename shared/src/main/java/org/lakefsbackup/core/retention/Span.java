package org.lakefsbackup.core.retention;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lakefsbackup.core.error.ErrorCode;

/**
 * A span of calendar time as restic writes it ({@code --keep-within 1y6m}): years, months, days and hours, e.g.
 * {@code 30d}, {@code 2w} (14 days), {@code 1y6m}, {@code 36h}. It is subtracted from an instant on the UTC calendar,
 * so {@code 1m} before March 31 is February 28 (or 29).
 *
 * @param years  whole years
 * @param months whole months
 * @param days   whole days
 * @param hours  whole hours
 */
public record Span(int years, int months, int days, int hours) {
    private static final Pattern FORMAT = Pattern.compile("^(?:(\\d+)y)?(?:(\\d+)m)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?$");

    public Span {
        if (years < 0 || months < 0 || days < 0 || hours < 0) {
            throw ErrorCode.INVALID_INPUT.exception("a span must not be negative");
        }
        if (years == 0 && months == 0 && days == 0 && hours == 0) {
            throw ErrorCode.INVALID_INPUT.exception("a span must not be empty");
        }
    }

    /**
     * Parses {@code [<n>y][<n>m][<n>w][<n>d][<n>h]}, at least one part, in that order ({@code w} is 7 days).
     *
     * @throws org.lakefsbackup.core.error.InvalidInputException naming the expected form
     */
    @JsonCreator
    public static Span parse(String text) {
        Matcher m = text == null ? null : FORMAT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (m == null || !m.matches() || text.isBlank()) {
            throw ErrorCode.INVALID_INPUT.exception("invalid span '" + text + "': expected e.g. 30d, 2w, 1y6m or 36h "
                    + "(years y, months m, weeks w, days d, hours h, in that order)");
        }
        try {
            return new Span(part(m, 1), part(m, 2), Math.addExact(Math.multiplyExact(part(m, 3), 7), part(m, 4)),
                    part(m, 5));
        } catch (ArithmeticException | NumberFormatException e) {
            throw ErrorCode.INVALID_INPUT.exception("span '" + text + "' is too long");
        }
    }

    private static int part(Matcher m, int group) {
        String g = m.group(group);
        return g == null ? 0 : Integer.parseInt(g);
    }

    /** {@code instant} minus this span on the UTC calendar. */
    public Instant before(Instant instant) {
        return instant.atZone(ZoneOffset.UTC).minusYears(years).minusMonths(months).minusDays(days).minusHours(hours)
                .toInstant();
    }

    /** The restic form, e.g. {@code 1y6m}, also used in JSON. */
    @JsonValue
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (years > 0) {
            b.append(years).append('y');
        }
        if (months > 0) {
            b.append(months).append('m');
        }
        if (days > 0) {
            b.append(days).append('d');
        }
        if (hours > 0) {
            b.append(hours).append('h');
        }
        return b.toString();
    }
}
