package org.lakefsbackup.core.store;

import java.util.Map;
import java.util.Objects;

/**
 * One object to copy, as {@link ObjectStore#copy(CopyRequest)} and {@link Storage#copy(CopyRequest)} take it. Use
 * {@link #builder(Location, Location)} for the documented defaults.
 *
 * @param source            the object to copy
 * @param target            where to write it; replaced if it exists
 * @param expectedSize      the source size when known from a listing (saves a HEAD on S3), or -1 (default)
 * @param checksumAlgorithm the checksum the target store should compute and report for the copy, or {@code null}
 *                          (default) for the store's own choice (S3: {@link
 *                          org.lakefsbackup.core.store.s3.S3StoreConfig#checksumAlgorithm()}, files: SHA-256)
 * @param encryption        the target's encryption (default {@link TargetEncryption#STORE_DEFAULT})
 * @param metadataDirective {@link MetadataDirective#COPY} (default) keeps the source's content type and user
 *                          metadata; {@link MetadataDirective#REPLACE} sets {@code metadata} instead
 * @param metadata          user metadata for {@code REPLACE}; empty (and ignored) with {@code COPY}
 */
public record CopyRequest(Location source, Location target, long expectedSize, ChecksumAlgorithm checksumAlgorithm,
                          TargetEncryption encryption, MetadataDirective metadataDirective,
                          Map<String, String> metadata) {

    /** What happens to the source's metadata. */
    public enum MetadataDirective {
        /** The target gets the source's content type and user metadata. */
        COPY,
        /** The target gets {@link CopyRequest#metadata()} as its user metadata. */
        REPLACE
    }

    public CopyRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(encryption, "encryption");
        Objects.requireNonNull(metadataDirective, "metadataDirective");
        metadata = Map.copyOf(Objects.requireNonNull(metadata, "metadata"));
        if (expectedSize < -1) {
            throw new IllegalArgumentException("expectedSize must be -1 (unknown) or a size: " + expectedSize);
        }
        if (metadataDirective == MetadataDirective.COPY && !metadata.isEmpty()) {
            throw new IllegalArgumentException("metadata is only set with the REPLACE directive");
        }
    }

    /** A copy with every default: size unknown, the store's checksum, its default encryption, metadata kept. */
    public static CopyRequest of(Location source, Location target) {
        return builder(source, target).build();
    }

    public static Builder builder(Location source, Location target) {
        return new Builder(source, target);
    }

    public Builder toBuilder() {
        return new Builder(source, target).expectedSize(expectedSize).checksumAlgorithm(checksumAlgorithm)
                .encryption(encryption).metadata(metadataDirective, metadata);
    }

    /** Builds a {@link CopyRequest}; every default is documented on the record component. */
    public static final class Builder {
        private final Location source;
        private final Location target;
        private long expectedSize = -1;
        private ChecksumAlgorithm checksumAlgorithm;
        private TargetEncryption encryption = TargetEncryption.STORE_DEFAULT;
        private MetadataDirective metadataDirective = MetadataDirective.COPY;
        private Map<String, String> metadata = Map.of();

        private Builder(Location source, Location target) {
            this.source = source;
            this.target = target;
        }

        public Builder expectedSize(long expectedSize) {
            this.expectedSize = expectedSize;
            return this;
        }

        public Builder checksumAlgorithm(ChecksumAlgorithm checksumAlgorithm) {
            this.checksumAlgorithm = checksumAlgorithm;
            return this;
        }

        public Builder encryption(TargetEncryption encryption) {
            this.encryption = encryption;
            return this;
        }

        /** {@code COPY} with an empty map, or {@code REPLACE} with the target's user metadata. */
        public Builder metadata(MetadataDirective directive, Map<String, String> metadata) {
            this.metadataDirective = directive;
            this.metadata = metadata;
            return this;
        }

        public CopyRequest build() {
            return new CopyRequest(source, target, expectedSize, checksumAlgorithm, encryption, metadataDirective,
                    metadata);
        }
    }
}
