package org.lakefsbackup.core.store;

import java.net.URI;
import java.time.Duration;

/**
 * A store that copies an object from an HTTP(S) URL of another cloud into itself, server-side (Azure Put Block From
 * URL). {@link Storage} uses it for copies from a {@link ReadableByUrl} store, so no bytes pass through the process.
 */
public interface CopiesFromUrl {
    /** Whether this store copies from other clouds' URLs (it may be configured not to, e.g. when they are private). */
    boolean copiesFromUrls();

    /** How long the source URL must stay valid for one copy. */
    Duration sourceUrlValidity();

    /**
     * Copies the object at {@code source} (a URL readable with plain, ranged GETs) to {@code target}, replacing any
     * object there.
     *
     * @param source      the source URL, a credential: never logged
     * @param description how to name the source in messages, e.g. its {@code s3://} location
     * @param size        the source's size in bytes
     * @param etag        the source's ETag, to pin every ranged read to one version, or {@code null} if unknown
     * @return what the target's answer says about the written object
     */
    CopyResult copyFromUrl(URI source, String description, long size, String etag, Location target);
}
