package org.lakefsbackup.core.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Whether two descriptions of an object's content say it is the same content, by the checksums they carry. Only
 * checksums of one algorithm are compared, and a composite (multipart) checksum only with a composite one; an ETag
 * counts only where its store says it is an MD5. Sizes are the caller's to compare.
 */
public final class ContentIdentity {
    /** The outcome of a comparison. */
    public enum Verdict {
        /** A comparable checksum is equal and none differs. */
        SAME,
        /** A comparable checksum differs. */
        DIFFERENT,
        /** No checksum of one description is comparable with one of the other. */
        UNKNOWN
    }

    private ContentIdentity() {
    }

    /** The checksums a store's answer establishes: {@code checksum} and the ETag's MD5 where it is one. */
    public static List<Checksum> checksums(Checksum checksum, String etag, boolean etagIsMd5) {
        List<Checksum> all = new ArrayList<>(2);
        if (checksum != null) {
            all.add(checksum);
        }
        if (etagIsMd5 && (checksum == null || checksum.algorithm() != ChecksumAlgorithm.MD5)) {
            all.add(Checksum.md5Hex(etag));
        }
        return all;
    }

    /** Compares every pair of comparable checksums. */
    public static Verdict compare(Collection<Checksum> a, Collection<Checksum> b) {
        Verdict verdict = Verdict.UNKNOWN;
        for (Checksum x : a) {
            for (Checksum y : b) {
                if (x.algorithm() != y.algorithm() || x.composite() != y.composite()) {
                    continue;
                }
                if (!x.value().equals(y.value())) {
                    return Verdict.DIFFERENT;
                }
                verdict = Verdict.SAME;
            }
        }
        return verdict;
    }

    /** The first checksum of {@code candidates} comparable with {@code expected}, or {@code null}. */
    public static Checksum comparable(Checksum expected, Collection<Checksum> candidates) {
        for (Checksum c : candidates) {
            if (c.algorithm() == expected.algorithm() && c.composite() == expected.composite()) {
                return c;
            }
        }
        return null;
    }
}
