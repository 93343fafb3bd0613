package org.lakefsbackup.testkit.lakefs;

import java.util.Map;
import java.util.TreeMap;

/**
 * One object in a tree (committed or staged).
 *
 * @param address   {@code data/...} relative to the repository namespace when {@code relative}, else a full URI
 * @param relative  lakeFS's RELATIVE address type (uploads) versus FULL (imports, externally staged objects)
 */
record Entry(String path, String address, boolean relative, long sizeBytes, String checksum, long mtime,
        String contentType, Map<String, String> metadata) {

    Entry {
        metadata = metadata == null ? Map.of() : new TreeMap<>(metadata);
        contentType = contentType == null ? "application/octet-stream" : contentType;
    }

    /** The address as lakeFS reports it: relative addresses resolved against the (qualified) namespace. */
    String physicalAddress(String namespace) {
        if (!relative) {
            return address;
        }
        String ns = namespace.endsWith("/") ? namespace.substring(0, namespace.length() - 1) : namespace;
        return ns + "/" + address;
    }
}
