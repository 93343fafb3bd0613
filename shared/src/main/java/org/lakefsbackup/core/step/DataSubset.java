package org.lakefsbackup.core.step;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.lakefsbackup.core.error.ErrorCode;

/**
 * Which objects a rolling deep verification re-reads, as restic's {@code check --read-data-subset n/t}: subset
 * {@code n} of {@code t} holds the keys whose CRC-32 modulo {@code t} is {@code n - 1}, so the subsets 1/t to t/t
 * are disjoint and together hold every key, and a key stays in its subset from run to run and generation to
 * generation.
 *
 * @param n which subset, 1 to {@code t}
 * @param t how many subsets
 */
public record DataSubset(int n, int t) {
    /** Every object: a full deep verification. */
    public static final DataSubset ALL = new DataSubset(1, 1);

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})/(\\d{1,9})");

    public DataSubset {
        if (t < 1 || n < 1 || n > t) {
            throw ErrorCode.INVALID_INPUT.exception("a data subset is n/t with 1 <= n <= t, e.g. 3/7; got " + n
                    + "/" + t);
        }
    }

    /** Parses {@code n/t}, e.g. {@code 3/7}. */
    public static DataSubset parse(String text) {
        Matcher m = text == null ? null : FORMAT.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw ErrorCode.INVALID_INPUT.exception("invalid data subset '" + text + "': expected n/t, e.g. 3/7");
        }
        return new DataSubset(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** Whether the object with this (namespace) key is in the subset. */
    public boolean contains(String key) {
        if (t == 1) {
            return true;
        }
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return crc.getValue() % t == n - 1;
    }

    @Override
    public String toString() {
        return n + "/" + t;
    }
}
