package org.lakefsbackup.core.lakefs;

import java.util.Objects;

/**
 * What {@code GET /config} says about a lakeFS server.
 *
 * @param version                 the server version, e.g. {@code 1.53.1} ({@code dev} and unknown compare as newest)
 * @param blockstoreType          {@code s3}, {@code azure}, {@code local}...; empty when not reported
 * @param namespaceValidityRegex  the block store's namespace regex; empty when not reported
 */
public record ServerInfo(String version, String blockstoreType, String namespaceValidityRegex) {
    public ServerInfo {
        Objects.requireNonNull(version, "version");
        blockstoreType = blockstoreType == null ? "" : blockstoreType;
        namespaceValidityRegex = namespaceValidityRegex == null ? "" : namespaceValidityRegex;
    }

    /** Whether the server has the asynchronous dump and restore API (1.3.0). */
    public boolean hasAsyncDumpRestore() {
        return atLeast("1.3.0");
    }

    /** Whether bare repository creation skips the {@code _lakefs/dummy} check (1.52.0). */
    public boolean bareSkipsNamespaceCheck() {
        return atLeast("1.52.0");
    }

    /** Compares dotted numeric versions; a version that does not parse counts as newest. */
    public boolean atLeast(String minimum) {
        int[] have = parse(version);
        int[] want = parse(minimum);
        if (have == null) {
            return true;
        }
        for (int i = 0; i < 3; i++) {
            if (have[i] != want[i]) {
                return have[i] > want[i];
            }
        }
        return true;
    }

    private static int[] parse(String v) {
        String core = v.startsWith("v") ? v.substring(1) : v;
        String[] parts = core.split("[.\\-+]");
        if (parts.length < 3) {
            return null;
        }
        int[] out = new int[3];
        try {
            for (int i = 0; i < 3; i++) {
                out[i] = Integer.parseInt(parts[i]);
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return out;
    }
}
