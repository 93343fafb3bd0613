package org.lakefsbackup.cli;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

/** The aligned text tables of {@code list} and {@code status}. */
final class TextTable {
    private TextTable() {
    }

    /**
     * The rows as lines, each ending with a newline: columns from {@code first} on, two spaces apart, each as wide
     * as its widest cell, left-aligned unless {@code rightAligned} says otherwise; no trailing blanks.
     */
    static String render(List<String[]> rows, int first, IntPredicate rightAligned) {
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = first; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = first; i < row.length; i++) {
                line.append(String.format(Locale.ROOT, "%" + (rightAligned.test(i) ? "" : "-") + width[i] + "s",
                        row[i])).append(i < row.length - 1 ? "  " : "");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** A time to the second in UTC, as {@code 2026-11-30 22:37:24}. */
    static String second(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString().replace('T', ' ').replace("Z", "");
    }
}
