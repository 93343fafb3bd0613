package org.lakefsbackup.core.store;

import java.util.List;

/**
 * What a store's answer to a copy says about the object it wrote.
 *
 * @param etag      the target's entity tag without quotes, or {@code null} when the answer carries none (a copy
 *                  streamed between two kinds of store)
 * @param checksum  the target's checksum of the requested algorithm (or the store's own), or {@code null} when the
 *                  store reported none (S3Proxy keeps no checksums)
 * @param etagIsMd5 whether the store says {@code etag} is the MD5 of the content (S3: a single-part object in plain
 *                  text or with SSE-S3; never for SSE-KMS, SSE-C or multipart {@code -N} ETags)
 */
public record CopyResult(String etag, Checksum checksum, boolean etagIsMd5) {
    public CopyResult {
        etag = ObjectInfo.unquote(etag);
        if (etagIsMd5 && !ObjectInfo.isHexMd5(etag)) {
            throw new IllegalArgumentException("an ETag said to be an MD5 must be 32 hex digits: " + etag);
        }
    }

    /** The content checksums this answer establishes: the reported checksum and, where it is one, the ETag's MD5. */
    public List<Checksum> checksums() {
        return ContentIdentity.checksums(checksum, etag, etagIsMd5);
    }
}
