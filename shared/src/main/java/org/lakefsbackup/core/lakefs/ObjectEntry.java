package org.lakefsbackup.core.lakefs;

import java.util.Objects;

/** An object on a lakeFS ref: its path, size, checksum and physical address (relative or a full URI). */
public record ObjectEntry(String path, long size, String checksum, String physicalAddress) {
    public ObjectEntry {
        Objects.requireNonNull(path, "path");
        checksum = checksum == null ? "" : checksum;
        physicalAddress = physicalAddress == null ? "" : physicalAddress;
    }
}
