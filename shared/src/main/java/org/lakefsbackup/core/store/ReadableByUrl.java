package org.lakefsbackup.core.store;

import java.net.URI;
import java.time.Duration;

/**
 * A store whose objects another service can read over HTTP through a URL that carries its own authorization (an S3
 * presigned GET). {@link Storage} gives such URLs to a {@link CopiesFromUrl} store of another cloud, which then
 * copies the object without its bytes passing through this process.
 */
public interface ReadableByUrl {
    /**
     * A URL that reads the object with plain GETs (ranges allowed) for {@code validity}. The URL is a credential:
     * never log it.
     */
    URI readUrl(Location location, Duration validity);
}
