package org.lakefsbackup.testkit.lakefs;

/** Compares lakeFS release versions ({@code 1.53.1}, {@code v1.3.0}, {@code 1.0.0-rc1}) numerically. */
final class Versions {
    private Versions() {
    }

    static int[] parse(String version) {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("a version is required");
        }
        String v = version.trim();
        if (v.startsWith("v")) {
            v = v.substring(1);
        }
        int dash = v.indexOf('-');
        if (dash >= 0) {
            v = v.substring(0, dash);
        }
        String[] parts = v.split("\\.");
        int[] out = new int[3];
        for (int i = 0; i < Math.min(3, parts.length); i++) {
            try {
                out[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a version: " + version);
            }
        }
        return out;
    }

    static int compare(String a, String b) {
        int[] x = parse(a);
        int[] y = parse(b);
        for (int i = 0; i < 3; i++) {
            if (x[i] != y[i]) {
                return Integer.compare(x[i], y[i]);
            }
        }
        return 0;
    }
}
