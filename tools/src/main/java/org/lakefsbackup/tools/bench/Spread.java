package org.lakefsbackup.tools.bench;

import java.util.List;
import java.util.Locale;

/** The spread of a measurement over rounds, as the bench tables print it. */
final class Spread {
    private Spread() {
    }

    /**
     * "min / median / max" of {@code values} (at least one), each printed with {@code format} ({@code %d},
     * {@code %,d}, {@code %.3f}...); the median of an even count is the upper middle value.
     */
    static <T extends Comparable<? super T>> String of(List<T> values, String format) {
        List<T> sorted = values.stream().sorted().toList();
        return String.format(Locale.ROOT, format + " / " + format + " / " + format, sorted.get(0),
                sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
    }
}
