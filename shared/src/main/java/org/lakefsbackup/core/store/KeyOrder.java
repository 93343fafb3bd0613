package org.lakefsbackup.core.store;

import java.util.Comparator;

/**
 * The one key order every listing uses: Unicode code point order, which equals the UTF-8 byte order S3 lists in.
 * {@link String#compareTo} (UTF-16 code unit order, which Azure Blob Storage lists in) differs from it for characters
 * outside the Basic Multilingual Plane, which it sorts before U+E000..U+FFFF; the Azure store reorders its listings.
 */
public final class KeyOrder {
    /** Compares keys by code point. */
    public static final Comparator<String> COMPARATOR = KeyOrder::compare;

    private KeyOrder() {
    }

    public static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
