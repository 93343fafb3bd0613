package org.lakefsbackup.core.copy;

/** Receives progress, counted in whole objects and their bytes (server-side copies have no byte stream). */
public interface ProgressListener {
    ProgressListener NONE = new ProgressListener() {
    };

    /** A named step started. */
    default void stepStarted(String step) {
    }

    /** The copy of this run will move {@code objects} objects of {@code bytes} bytes in total. */
    default void copyPlanned(long objects, long bytes) {
    }

    /** One object was copied. Called from copy threads. */
    default void objectCopied(long bytes) {
    }

    /** An attempt was retried after a retryable error. Called from copy threads. */
    default void retried(String key, String reason) {
    }
}
