package org.lakefsbackup.core.step;

/** A verified restore: branch heads, tags and the commit count equal the manifest; sampled objects were read. */
public record RestoreVerification(String repository, String generation, int branches, int tags, long commits,
                                  int sampledObjects) {
}
