package org.lakefsbackup.core.store.s3;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.lakefsbackup.core.store.ChecksumAlgorithm;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * How an {@link S3ObjectStore} connects and sizes its requests. Validated on construction; use {@link #builder()}
 * for the documented defaults.
 *
 * @param endpointOverride          an S3-compatible endpoint (MinIO, S3Proxy...), or {@code null} for AWS
 * @param pathStyle                 path-style addressing ({@code endpoint/bucket/key}); needed by most emulators
 * @param region                    the signing region, or {@code null} for the SDK's default region chain
 * @param credentials               credentials; the SDK's default chain (environment, profile, container, instance
 *                                  role) unless set
 * @param maxConnections            HTTP connection pool size (default 64)
 * @param maxAttempts               attempts per request including the first (default 10); throttling and server
 *                                  errors are retried with jittered exponential backoff
 * @param retryBaseDelay            base delay of the backoff after errors (default 100 ms)
 * @param throttlingRetryBaseDelay  base delay of the backoff after throttling (default 1 s)
 * @param maxRetryDelay             longest single backoff (default 20 s)
 * @param multipartCopyThreshold    objects larger than this are copied part by part with UploadPartCopy
 *                                  (default and maximum 5 GiB, the CopyObject limit)
 * @param partSize                  part size for multipart copies and uploads, 5 MiB to 1 GiB (default 128 MiB);
 *                                  raised per object when it would need more than 10,000 parts. An upload holds
 *                                  one part in memory
 * @param listPageSize              keys per ListObjectsV2 page, 1 to 1000 (default 1000)
 * @param listConcurrency           key ranges of one listing fetched at once, 1 to 64 (default 8; 1 lists
 *                                  sequentially). A listing longer than one page splits the rest of the prefix at
 *                                  the sub-prefixes a delimiter listing finds ({@code data/<partition>/} in a lakeFS
 *                                  namespace) and pages through the ranges concurrently, still returning keys in
 *                                  order
 * @param buckets                   the buckets this store serves; empty (the default) for every bucket
 * @param checksumAlgorithm         the additional checksum S3 computes for a copy when the request names none
 *                                  (default CRC64NVME, S3's own default for new objects, which also combines into a
 *                                  checksum of the whole object for multipart copies); {@code null} asks for none
 * @param leanCopies                send CopyObject requests without the SDK client's request pipeline (signed with
 *                                  the SDK's signer, through the same HTTP client), which takes less than half the
 *                                  client CPU per copy (default true); false sends them through the SDK client
 * @param httpClient                makes the HTTP client every request of the store goes through, or {@code null}
 *                                  (the default) for the Apache client with {@code maxConnections} connections
 */
public record S3StoreConfig(URI endpointOverride, boolean pathStyle, String region, AwsCredentialsProvider credentials,
                            int maxConnections, int maxAttempts, Duration retryBaseDelay,
                            Duration throttlingRetryBaseDelay, Duration maxRetryDelay, long multipartCopyThreshold,
                            long partSize, int listPageSize, int listConcurrency, Set<String> buckets,
                            ChecksumAlgorithm checksumAlgorithm, boolean leanCopies,
                            Supplier<SdkHttpClient> httpClient) {

    public static final long MIB = 1024L * 1024;
    public static final long GIB = 1024 * MIB;
    /** S3's smallest part (except the last). */
    public static final long MIN_PART_SIZE = 5 * MIB;
    /** The largest part this store uses (one part is held in memory by uploads). */
    public static final long MAX_PART_SIZE = GIB;
    /** The largest object CopyObject copies in one request. */
    public static final long MAX_SINGLE_COPY = 5 * GIB;

    public S3StoreConfig {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(retryBaseDelay, "retryBaseDelay");
        Objects.requireNonNull(throttlingRetryBaseDelay, "throttlingRetryBaseDelay");
        Objects.requireNonNull(maxRetryDelay, "maxRetryDelay");
        buckets = Set.copyOf(Objects.requireNonNull(buckets, "buckets"));
        if (region != null && region.isBlank()) {
            throw new IllegalArgumentException("region must not be blank");
        }
        if (endpointOverride != null && endpointOverride.getScheme() == null) {
            throw new IllegalArgumentException("endpointOverride needs a scheme: " + endpointOverride);
        }
        requireRange("maxConnections", maxConnections, 1, 10_000);
        requireRange("maxAttempts", maxAttempts, 1, 100);
        requireRange("multipartCopyThreshold", multipartCopyThreshold, 1, MAX_SINGLE_COPY);
        requireRange("partSize", partSize, MIN_PART_SIZE, MAX_PART_SIZE);
        requireRange("listPageSize", listPageSize, 1, 1000);
        requireRange("listConcurrency", listConcurrency, 1, 64);
        if (checksumAlgorithm == ChecksumAlgorithm.MD5) {
            throw new IllegalArgumentException("S3 computes no MD5 checksum on copy; choose a CRC or SHA algorithm");
        }
        if (retryBaseDelay.isNegative() || throttlingRetryBaseDelay.isNegative()
                || maxRetryDelay.compareTo(retryBaseDelay) < 0 || maxRetryDelay.compareTo(throttlingRetryBaseDelay) < 0) {
            throw new IllegalArgumentException("retry delays must not be negative and maxRetryDelay must be at least "
                    + "the base delays");
        }
    }

    /** The defaults: AWS endpoint, virtual-hosted addressing, default region and credential chains. */
    public static S3StoreConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void requireRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ": " + value);
        }
    }

    /** Builds an {@link S3StoreConfig}; every setter's default is documented on the record component. */
    public static final class Builder {
        private URI endpointOverride;
        private boolean pathStyle;
        private String region;
        private AwsCredentialsProvider credentials;
        private int maxConnections = 64;
        private int maxAttempts = 10;
        private Duration retryBaseDelay = Duration.ofMillis(100);
        private Duration throttlingRetryBaseDelay = Duration.ofSeconds(1);
        private Duration maxRetryDelay = Duration.ofSeconds(20);
        private long multipartCopyThreshold = MAX_SINGLE_COPY;
        private long partSize = 128 * MIB;
        private int listPageSize = 1000;
        private int listConcurrency = 8;
        private Set<String> buckets = Set.of();
        private ChecksumAlgorithm checksumAlgorithm = ChecksumAlgorithm.CRC64NVME;
        private boolean leanCopies = true;
        private Supplier<SdkHttpClient> httpClient;

        private Builder() {
        }

        private Builder(S3StoreConfig c) {
            endpointOverride = c.endpointOverride;
            pathStyle = c.pathStyle;
            region = c.region;
            credentials = c.credentials;
            maxConnections = c.maxConnections;
            maxAttempts = c.maxAttempts;
            retryBaseDelay = c.retryBaseDelay;
            throttlingRetryBaseDelay = c.throttlingRetryBaseDelay;
            maxRetryDelay = c.maxRetryDelay;
            multipartCopyThreshold = c.multipartCopyThreshold;
            partSize = c.partSize;
            listPageSize = c.listPageSize;
            listConcurrency = c.listConcurrency;
            buckets = c.buckets;
            checksumAlgorithm = c.checksumAlgorithm;
            leanCopies = c.leanCopies;
            httpClient = c.httpClient;
        }

        public Builder endpointOverride(URI endpointOverride) {
            this.endpointOverride = endpointOverride;
            return this;
        }

        public Builder pathStyle(boolean pathStyle) {
            this.pathStyle = pathStyle;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder credentials(AwsCredentialsProvider credentials) {
            this.credentials = credentials;
            return this;
        }

        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder retryBaseDelay(Duration retryBaseDelay) {
            this.retryBaseDelay = retryBaseDelay;
            return this;
        }

        public Builder throttlingRetryBaseDelay(Duration throttlingRetryBaseDelay) {
            this.throttlingRetryBaseDelay = throttlingRetryBaseDelay;
            return this;
        }

        public Builder maxRetryDelay(Duration maxRetryDelay) {
            this.maxRetryDelay = maxRetryDelay;
            return this;
        }

        public Builder multipartCopyThreshold(long multipartCopyThreshold) {
            this.multipartCopyThreshold = multipartCopyThreshold;
            return this;
        }

        public Builder partSize(long partSize) {
            this.partSize = partSize;
            return this;
        }

        public Builder listPageSize(int listPageSize) {
            this.listPageSize = listPageSize;
            return this;
        }

        public Builder listConcurrency(int listConcurrency) {
            this.listConcurrency = listConcurrency;
            return this;
        }

        public Builder buckets(Set<String> buckets) {
            this.buckets = buckets;
            return this;
        }

        public Builder checksumAlgorithm(ChecksumAlgorithm checksumAlgorithm) {
            this.checksumAlgorithm = checksumAlgorithm;
            return this;
        }

        public Builder leanCopies(boolean leanCopies) {
            this.leanCopies = leanCopies;
            return this;
        }

        public Builder httpClient(Supplier<SdkHttpClient> httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        public S3StoreConfig build() {
            AwsCredentialsProvider creds = credentials != null ? credentials : DefaultCredentialsProvider.builder().build();
            return new S3StoreConfig(endpointOverride, pathStyle, region, creds, maxConnections, maxAttempts,
                    retryBaseDelay, throttlingRetryBaseDelay, maxRetryDelay, multipartCopyThreshold, partSize,
                    listPageSize, listConcurrency, buckets, checksumAlgorithm, leanCopies, httpClient);
        }
    }
}
