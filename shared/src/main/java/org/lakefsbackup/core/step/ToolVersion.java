package org.lakefsbackup.core.step;

/** The version of this tool, from the jar manifest (or {@code dev} when run from classes). */
public final class ToolVersion {
    private ToolVersion() {
    }

    public static String get() {
        String v = ToolVersion.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }
}
