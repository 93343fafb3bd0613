package org.lakefsbackup.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version and git commit this build was made from, from {@code version.properties} (written by the build);
 * {@code unknown} when run from classes the build did not write it for.
 */
public record BuildInfo(String version, String commit) {
    /** This build's. */
    public static BuildInfo current() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // Treated as unknown below.
        }
        return new BuildInfo(p.getProperty("version", "unknown"), p.getProperty("commit", "unknown"));
    }

    /** {@code <name> <version> (commit <commit>)}. */
    public String describe(String name) {
        return name + " " + version + " (commit " + commit + ")";
    }
}
