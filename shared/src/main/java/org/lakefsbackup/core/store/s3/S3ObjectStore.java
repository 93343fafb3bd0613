package org.lakefsbackup.core.store.s3;

import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.store.Checksum;
import org.lakefsbackup.core.store.ChecksumAlgorithm;
import org.lakefsbackup.core.store.CopyRequest;
import org.lakefsbackup.core.store.CopyResult;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.ObjectLock;
import org.lakefsbackup.core.store.ObjectStore;
import org.lakefsbackup.core.store.ReadableByUrl;
import org.lakefsbackup.core.store.internal.Parts;
import org.lakefsbackup.core.store.StoreStats;
import org.lakefsbackup.core.store.TargetEncryption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectResult;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The object store for {@code s3://} locations, on the AWS SDK v2 with the Apache HTTP client. Copies are
 * server-side: CopyObject up to {@link S3StoreConfig#multipartCopyThreshold()}, ranged UploadPartCopy above it.
 * Throttling and server errors are retried inside the SDK (standard strategy, jittered exponential backoff, up to
 * {@link S3StoreConfig#maxAttempts()} attempts); what still fails is translated by {@link S3ExceptionMapper}.
 * {@link #stats()} counts every HTTP request by operation. {@link #readUrl} presigns GETs, so another cloud (Azure
 * Put Block From URL) can copy an object without its bytes passing through the process. A listing longer than one
 * page is fetched as {@link S3StoreConfig#listConcurrency()} key ranges at once ({@link RangedListing}), still in
 * key order. Thread-safe; close it to release its connections and listing threads.
 *
 * <p>Content identity: every copy asks S3 for an additional checksum (the request's algorithm, else
 * {@link S3StoreConfig#checksumAlgorithm()}) and returns the one the answer carries. A server that computes it but
 * leaves it out of the answer (MinIO) is asked with a HEAD in checksum mode when the request named an algorithm or
 * the answer has no identity at all (SSE-KMS ETags are not MD5s); a server that keeps no checksums (S3Proxy) is
 * recognised by its first such HEAD and not asked again, and a bucket where such a HEAD showed a plain object (an
 * MD5 ETag) needs no HEAD for the next copies either. Multipart copies send part checksums back on completion
 * (a full-object CRC); a server whose UploadPartCopy answers carry none (MinIO) gets multipart copies without.
 */
public final class S3ObjectStore implements ObjectStore, ReadableByUrl {
    private static final Logger LOG = LoggerFactory.getLogger(S3ObjectStore.class);
    private static final int MAX_PARTS = 10_000;

    private final S3StoreConfig config;
    private final Clients clients;
    private final RequestCounter counter = new RequestCounter();
    /**
     * Whether the server keeps the checksums copies ask for although its copy answers leave them out (MinIO): then
     * they are read back with a HEAD. Unknown ({@code null}) until the first read-back; S3Proxy keeps none.
     */
    private final AtomicReference<Boolean> readBackChecksums = new AtomicReference<>();
    /**
     * Per target bucket: whether a copy there whose answer carries no encryption header writes a plain object (its
     * ETag an MD5), as the first read-back HEAD showed. MinIO leaves the header out of copy answers, encrypted or not.
     */
    private final Map<String, Boolean> plainTargets = new ConcurrentHashMap<>();
    /**
     * Target buckets whose first copy with the store's default encryption is done (from then on {@link #plainTargets}
     * knows a bucket whose answers are silent, unless that first copy failed), and the locks the copies into a bucket
     * take until then.
     */
    private final java.util.Set<String> answeredTargets = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> firstCopyLocks = new ConcurrentHashMap<>();
    /** Whether UploadPartCopy answers carry part checksums (AWS does, MinIO does not); learned on the first part. */
    private final AtomicBoolean partChecksums = new AtomicBoolean(true);
    private volatile S3Presigner presigner;
    private volatile ExecutorService listers;

    public S3ObjectStore(S3StoreConfig config) {
        this.config = config;
        this.clients = buildClients(config, counter);
    }

    /** The SDK client, its HTTP client (shared with the lean copies) and the lean copier. */
    private record Clients(S3Client s3, SdkHttpClient http, LeanCopy lean) {
    }

    public S3StoreConfig config() {
        return config;
    }

    @Override
    public boolean supports(Location location) {
        return location.scheme() == Location.Scheme.S3
                && (config.buckets().isEmpty() || config.buckets().contains(location.authority()));
    }

    @Override
    public Stream<ObjectInfo> list(Location prefix, String startAfter) {
        String keyPrefix = prefix.key().isEmpty() ? "" : prefix.key() + "/";
        String after = startAfter == null || startAfter.isEmpty() ? null : keyPrefix + startAfter;
        if (config.listConcurrency() == 1) {
            return stream(new Listing(prefix, keyPrefix, after));
        }
        RangedListing ranged = new RangedListing(request -> call("listing " + prefix,
                () -> s3().listObjectsV2(request)), listers(), prefix.authority(), keyPrefix, after,
                config.listPageSize(), config.listConcurrency());
        Iterator<ObjectInfo> objects = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return ranged.hasNext();
            }

            @Override
            public ObjectInfo next() {
                return objectInfo(ranged.next(), keyPrefix);
            }
        };
        return stream(objects).onClose(ranged::close);
    }

    private static Stream<ObjectInfo> stream(Iterator<ObjectInfo> objects) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(objects,
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT), false);
    }

    private static ObjectInfo objectInfo(S3Object o, String keyPrefix) {
        return new ObjectInfo(o.key().substring(keyPrefix.length()), o.size(), o.eTag(), (Checksum) null,
                o.lastModified(), false);
    }

    /** The threads of ranged listings (daemons, created when first needed, idle ones end after a minute). */
    private ExecutorService listers() {
        ExecutorService pool = listers;
        if (pool == null) {
            synchronized (this) {
                if (listers == null) {
                    AtomicInteger n = new AtomicInteger();
                    listers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                            new SynchronousQueue<>(), r -> {
                                Thread t = new Thread(r, "s3-list-" + n.incrementAndGet());
                                t.setDaemon(true);
                                return t;
                            });
                }
                pool = listers;
            }
        }
        return pool;
    }

    @Override
    public Optional<ObjectInfo> head(Location location) {
        try {
            HeadObjectResponse r = s3().headObject(b -> b.bucket(location.authority()).key(location.key())
                    .checksumMode(ChecksumMode.ENABLED));
            return Optional.of(new ObjectInfo(location.key(), r.contentLength(), r.eTag(), checksum(r),
                    r.lastModified(), S3Checksums.etagIsMd5(r.eTag(), r.serverSideEncryptionAsString(),
                    r.sseCustomerAlgorithm()), lock(r)));
        } catch (SdkServiceException e) {
            if (e.statusCode() == 404) {
                return Optional.empty(); // a HEAD answer has no body: a missing bucket looks the same
            }
            throw S3ExceptionMapper.map(e, "reading metadata of " + location);
        } catch (SdkException e) {
            throw S3ExceptionMapper.map(e, "reading metadata of " + location);
        }
    }

    /**
     * The Object Lock of a HEAD answer (S3 sends it only to callers allowed s3:GetObjectRetention and
     * s3:GetObjectLegalHold), or {@code null}.
     */
    private static ObjectLock lock(HeadObjectResponse r) {
        boolean hold = r.objectLockLegalHoldStatus() == ObjectLockLegalHoldStatus.ON;
        if (r.objectLockRetainUntilDate() == null && !hold) {
            return null;
        }
        return new ObjectLock(r.objectLockModeAsString(), r.objectLockRetainUntilDate(), hold);
    }

    @Override
    public Optional<byte[]> get(Location location) {
        try {
            return Optional.of(s3().getObjectAsBytes(b -> b.bucket(location.authority()).key(location.key()))
                    .asByteArray());
        } catch (SdkServiceException e) {
            if (e.statusCode() == 404 && "NoSuchKey".equals(S3ExceptionMapper.errorCode(e))) {
                return Optional.empty();
            }
            throw S3ExceptionMapper.map(e, "reading " + location);
        } catch (SdkException e) {
            throw S3ExceptionMapper.map(e, "reading " + location);
        }
    }

    @Override
    public Optional<Versioned> getVersioned(Location location) {
        try {
            var response = s3().getObjectAsBytes(b -> b.bucket(location.authority()).key(location.key()));
            return Optional.of(new Versioned(response.asByteArray(), unquote(response.response().eTag())));
        } catch (SdkServiceException e) {
            if (e.statusCode() == 404 && "NoSuchKey".equals(S3ExceptionMapper.errorCode(e))) {
                return Optional.empty();
            }
            throw S3ExceptionMapper.map(e, "reading " + location);
        } catch (SdkException e) {
            throw S3ExceptionMapper.map(e, "reading " + location);
        }
    }

    @Override
    public boolean replaceIfMatch(Location location, byte[] content, String etag) {
        try {
            s3().putObject(b -> b.bucket(location.authority()).key(location.key()).ifMatch("\"" + etag + "\""),
                    RequestBody.fromBytes(content));
            return true;
        } catch (SdkServiceException e) {
            // 412: another writer replaced it; 404 (NoSuchKey): it was deleted meanwhile
            if (e.statusCode() == 412 || e.statusCode() == 404) {
                return false;
            }
            throw S3ExceptionMapper.map(e, "replacing " + location);
        } catch (SdkException e) {
            throw S3ExceptionMapper.map(e, "replacing " + location);
        }
    }

    private static String unquote(String etag) {
        return etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
                ? etag.substring(1, etag.length() - 1) : etag;
    }

    @Override
    public InputStream open(Location location) {
        return call("opening " + location,
                () -> s3().getObject(b -> b.bucket(location.authority()).key(location.key())));
    }

    @Override
    public boolean putIfAbsent(Location location, byte[] content) {
        try {
            s3().putObject(b -> b.bucket(location.authority()).key(location.key()).ifNoneMatch("*"),
                    RequestBody.fromBytes(content));
            return true;
        } catch (SdkServiceException e) {
            if (e.statusCode() == 412) {
                return false;
            }
            throw S3ExceptionMapper.map(e, "writing " + location);
        } catch (SdkException e) {
            throw S3ExceptionMapper.map(e, "writing " + location);
        }
    }

    @Override
    public void put(Location location, byte[] content) {
        call("writing " + location, () -> s3().putObject(b -> b.bucket(location.authority()).key(location.key()),
                RequestBody.fromBytes(content)));
    }

    @Override
    public void upload(Location location, InputStream content, long length) {
        long partSize = partSizeFor(length);
        byte[] first = Parts.read(content, location, Math.min(length, partSize), length, 0);
        if (length <= partSize) {
            put(location, first);
            return;
        }
        new MultipartUpload(s3(), location, "uploading " + location).run(upload -> {
            List<CompletedPart> parts = new ArrayList<>();
            long offset = 0;
            byte[] part = first;
            for (int number = 1; ; number++) {
                parts.add(upload.uploadPart(number, part));
                offset += part.length;
                if (offset >= length) {
                    return parts;
                }
                part = Parts.read(content, location, Math.min(partSize, length - offset), length, offset);
            }
        }, create -> {
        });
    }

    @Override
    public CopyResult copy(CopyRequest request) {
        String what = "copying " + request.source() + " to " + request.target();
        ChecksumAlgorithm algorithm = request.checksumAlgorithm() != null ? request.checksumAlgorithm()
                : config.checksumAlgorithm();
        long expected = request.expectedSize();
        if (expected >= 0 && expected <= config.multipartCopyThreshold()) {
            return copyObject(request, algorithm, what);
        }
        // The HEAD gives the exact size, the metadata to carry over, and the ETag that pins every part to one version.
        HeadObjectResponse head = headOrNotFound(request.source(), what);
        if (head.contentLength() <= config.multipartCopyThreshold()) {
            return copyObject(request, algorithm, what);
        }
        return multipartCopy(request, algorithm, head, what);
    }

    /** A presigned GET of the object (signed locally, no request), valid for {@code validity}. */
    @Override
    public URI readUrl(Location location, Duration validity) {
        try {
            return presigner().presignGetObject(r -> r.signatureDuration(validity)
                    .getObjectRequest(g -> g.bucket(location.authority()).key(location.key()))).url().toURI();
        } catch (SdkException e) {
            throw S3ExceptionMapper.map(e, "presigning a read of " + location);
        } catch (URISyntaxException e) {
            throw ErrorCode.INTERNAL.exception("presigning a read of " + location + " gave an invalid URL", e);
        }
    }

    private S3Presigner presigner() {
        S3Presigner p = presigner;
        if (p == null) {
            synchronized (this) {
                if (presigner == null) {
                    S3Presigner.Builder builder = S3Presigner.builder().credentialsProvider(config.credentials())
                            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(config.pathStyle())
                                    .build());
                    if (config.region() != null) {
                        builder.region(Region.of(config.region()));
                    }
                    if (config.endpointOverride() != null) {
                        builder.endpointOverride(config.endpointOverride());
                    }
                    presigner = builder.build();
                }
                p = presigner;
            }
        }
        return p;
    }

    @Override
    public void delete(Location location) {
        call("deleting " + location, () -> s3().deleteObject(b -> b.bucket(location.authority()).key(location.key())));
    }

    /** One DeleteObjects request per bucket and 1,000 keys (quiet: S3 answers only the keys it failed to delete). */
    @Override
    public void deleteAll(java.util.Collection<Location> locations) {
        Map<String, List<String>> byBucket = new java.util.TreeMap<>();
        locations.forEach(l -> byBucket.computeIfAbsent(l.authority(), b -> new ArrayList<>()).add(l.key()));
        byBucket.forEach((bucket, keys) -> {
            for (int from = 0; from < keys.size(); from += 1000) {
                var batch = keys.subList(from, Math.min(keys.size(), from + 1000)).stream()
                        .map(k -> software.amazon.awssdk.services.s3.model.ObjectIdentifier.builder().key(k).build())
                        .toList();
                String what = "deleting " + batch.size() + " objects in s3://" + bucket + "/ (first "
                        + batch.get(0).key() + ")";
                var errors = call(what, () -> s3().deleteObjects(b -> b.bucket(bucket)
                        .delete(d -> d.objects(batch).quiet(true)))).errors();
                if (!errors.isEmpty()) {
                    var first = errors.get(0);
                    ErrorCode code = switch (String.valueOf(first.code())) {
                        case "AccessDenied" -> ErrorCode.UNAUTHORIZED;
                        case "SlowDown" -> ErrorCode.THROTTLED;
                        case "InternalError", "ServiceUnavailable" -> ErrorCode.UNAVAILABLE;
                        default -> ErrorCode.INTERNAL;
                    };
                    throw code.exception(what + " failed for " + errors.size() + " of them: " + first.key() + ": "
                            + first.code() + " " + first.message());
                }
            }
        });
    }

    @Override
    public StoreStats stats() {
        return counter.snapshot();
    }

    @Override
    public void close() {
        clients.s3().close();
        clients.http().close();
        if (listers != null) {
            listers.shutdownNow();
        }
        if (presigner != null) {
            presigner.close();
        }
    }

    /** The HTTP connection pool's size ({@link S3StoreConfig#maxConnections()}). */
    @Override
    public int maxConcurrentRequests() {
        return config.maxConnections();
    }

    @Override
    public long throttledAnswers() {
        return counter.throttledAnswers();
    }

    private S3Client s3() {
        return clients.s3();
    }

    @Override
    public String toString() {
        return "S3ObjectStore[endpoint=" + (config.endpointOverride() == null ? "aws" : config.endpointOverride())
                + ", buckets=" + (config.buckets().isEmpty() ? "*" : config.buckets()) + "]";
    }

    /**
     * Copies with one CopyObject. The first answer from a bucket, when silent, is read back once to learn whether the
     * bucket's silent answers carry MD5 ETags ({@link #plainTargets}); copies sent before it is known would each be
     * read back too (up to the copy concurrency, 16 HEADs on MinIO), so until a bucket has answered a first copy,
     * its copies wait for that one: one round trip, once per bucket and store.
     */
    private CopyResult copyObject(CopyRequest request, ChecksumAlgorithm algorithm, String what) {
        String bucket = request.target().authority();
        if (request.encryption().mode() == TargetEncryption.Mode.STORE_DEFAULT && !answeredTargets.contains(bucket)) {
            synchronized (firstCopyLocks.computeIfAbsent(bucket, b -> new Object())) {
                if (!answeredTargets.contains(bucket)) {
                    try {
                        return sendCopyObject(request, algorithm, what);
                    } finally {
                        // a failed first copy taught nothing, but copies that fail must not queue up behind each
                        // other: the rest go at once, as before (each silent answer then read back)
                        answeredTargets.add(bucket);
                    }
                }
            }
        }
        return sendCopyObject(request, algorithm, what);
    }

    private CopyResult sendCopyObject(CopyRequest request, ChecksumAlgorithm algorithm, String what) {
        Location source = request.source();
        Location target = request.target();
        LeanCopy lean = clients.lean();
        CopyObjectResponse r = lean != null ? call(what, () -> lean.copy(request, algorithm == null ? null
                : nameOf(S3Checksums.toS3(algorithm)))) : call(what, () -> s3().copyObject(b -> {
            b.sourceBucket(source.authority()).sourceKey(source.key())
                    .destinationBucket(target.authority()).destinationKey(target.key())
                    .checksumAlgorithm(algorithm == null ? null : S3Checksums.toS3(algorithm));
            if (request.metadataDirective() == CopyRequest.MetadataDirective.REPLACE) {
                b.metadataDirective(MetadataDirective.REPLACE).metadata(request.metadata());
            } else {
                b.metadataDirective(MetadataDirective.COPY);
            }
            switch (request.encryption().mode()) {
                case SSE_S3 -> b.serverSideEncryption(ServerSideEncryption.AES256);
                case SSE_KMS -> b.serverSideEncryption(ServerSideEncryption.AWS_KMS)
                        .ssekmsKeyId(request.encryption().kmsKeyId());
                default -> {
                }
            }
        }));
        CopyObjectResult result = r.copyObjectResult();
        String etag = result == null ? null : result.eTag();
        Checksum checksum = result == null ? null : S3Checksums.of(algorithm, result.checksumCRC32(),
                result.checksumCRC32C(), result.checksumCRC64NVME(), result.checksumSHA1(), result.checksumSHA256());
        boolean silent = r.serverSideEncryptionAsString() == null && r.sseCustomerAlgorithm() == null;
        boolean md5 = S3Checksums.copyEtagIsMd5(etag, r.serverSideEncryptionAsString(), r.sseCustomerAlgorithm())
                || silent && request.encryption().mode() == TargetEncryption.Mode.STORE_DEFAULT
                && Boolean.TRUE.equals(plainTargets.get(target.authority())) && S3Checksums.etagIsMd5(etag, null, null);
        CopyResult answer = readBack(request, algorithm, algorithm != null && S3Checksums.toS3(algorithm) != null,
                new CopyResult(etag, checksum, md5), what);
        if (silent && request.encryption().mode() == TargetEncryption.Mode.STORE_DEFAULT) {
            plainTargets.putIfAbsent(target.authority(), answer.etagIsMd5());
        }
        return answer;
    }

    /**
     * Completes what a copy's answer says with a HEAD in checksum mode when it lacks the checksum the request named
     * explicitly, or any content identity at all: MinIO computes the requested checksum but leaves it out of the
     * CopyObject answer, and its answer does not say whether the ETag is an MD5. Servers whose HEAD shows no
     * checksum after a copy that asked for one (S3Proxy) are asked again only for copies without any identity.
     */
    private CopyResult readBack(CopyRequest request, ChecksumAlgorithm algorithm, boolean requested,
                                CopyResult result, String what) {
        boolean explicit = request.checksumAlgorithm() != null && S3Checksums.toS3(request.checksumAlgorithm()) != null;
        boolean lacksRequested = explicit && (result.checksum() == null
                || result.checksum().algorithm() != request.checksumAlgorithm());
        boolean lacksAny = result.checksums().isEmpty();
        if (!lacksAny && (!lacksRequested || Boolean.FALSE.equals(readBackChecksums.get()))) {
            return result;
        }
        Location target = request.target();
        HeadObjectResponse head = call(what, () -> s3().headObject(b -> b.bucket(target.authority())
                .key(target.key()).checksumMode(ChecksumMode.ENABLED)));
        Checksum stored = S3Checksums.of(algorithm, head.checksumCRC32(), head.checksumCRC32C(),
                head.checksumCRC64NVME(), head.checksumSHA1(), head.checksumSHA256());
        if (requested) {
            // only a copy that asked for a checksum tells whether the server keeps them
            readBackChecksums.compareAndSet(null, stored != null);
        }
        // the HEAD says reliably whether the ETag is an MD5 (it carries the encryption header)
        boolean md5 = result.etag() != null && result.etag().equals(S3Checksums.unquote(head.eTag()))
                && S3Checksums.etagIsMd5(head.eTag(), head.serverSideEncryptionAsString(), head.sseCustomerAlgorithm());
        return new CopyResult(result.etag(), stored != null ? stored : result.checksum(), md5 || result.etagIsMd5());
    }

    private CopyResult multipartCopy(CopyRequest request, ChecksumAlgorithm algorithm, HeadObjectResponse head,
                                     String what) {
        ChecksumAlgorithm partAlgorithm = algorithm == null || S3Checksums.toS3(algorithm) == null
                || !partChecksums.get() ? null : algorithm;
        try {
            return multipartCopy(request, partAlgorithm, algorithm, head, what);
        } catch (NoPartChecksums e) {
            // the server refuses part copies into an upload with a checksum algorithm, or keeps their checksums to
            // itself, so the upload could never complete with them: copy again without, and read back whatever
            // checksum the server stores for the object
            LOG.debug("{} copies no part checksums; multipart copies go without", this);
            partChecksums.set(false);
            return multipartCopy(request, null, algorithm, head, what);
        }
    }

    /** UploadPartCopy refused, or answered without, the part checksum of an upload created with an algorithm. */
    private static final class NoPartChecksums extends RuntimeException {
        NoPartChecksums() {
            super("no part checksum in an UploadPartCopy answer", null, false, false);
        }
    }

    private CopyResult multipartCopy(CopyRequest request, ChecksumAlgorithm partAlgorithm, ChecksumAlgorithm algorithm,
                                     HeadObjectResponse head, String what) {
        long size = head.contentLength();
        long partSize = partSizeFor(size);
        software.amazon.awssdk.services.s3.model.ChecksumAlgorithm s3Algorithm =
                partAlgorithm == null ? null : S3Checksums.toS3(partAlgorithm);
        CompleteMultipartUploadResponse done = new MultipartUpload(s3(), request.target(), what).run(upload -> {
            List<CompletedPart> parts = new ArrayList<>();
            int number = 1;
            for (long offset = 0; offset < size; offset += partSize, number++) {
                long last = Math.min(offset + partSize, size) - 1;
                CompletedPart part;
                try {
                    part = upload.copyPart(number, request.source(), head.eTag(), offset, last);
                } catch (SdkServiceException e) {
                    if (number == 1 && partAlgorithm != null && e.statusCode() == 400) {
                        throw new NoPartChecksums(); // MinIO: "checksum missing" for a part copy of such an upload
                    }
                    throw e;
                }
                if (partAlgorithm != null && S3Checksums.of(partAlgorithm, part.checksumCRC32(),
                        part.checksumCRC32C(), part.checksumCRC64NVME(), part.checksumSHA1(),
                        part.checksumSHA256()) == null) {
                    throw new NoPartChecksums();
                }
                parts.add(part);
            }
            return parts;
        }, create -> {
            if (request.metadataDirective() == CopyRequest.MetadataDirective.REPLACE) {
                create.metadata(request.metadata());
            } else {
                create.contentType(head.contentType()).contentEncoding(head.contentEncoding())
                        .contentDisposition(head.contentDisposition()).contentLanguage(head.contentLanguage())
                        .cacheControl(head.cacheControl()).metadata(head.metadata());
            }
            if (s3Algorithm != null) {
                create.checksumAlgorithm(s3Algorithm).checksumType(S3Checksums.typeFor(partAlgorithm));
            }
            switch (request.encryption().mode()) {
                case SSE_S3 -> create.serverSideEncryption(ServerSideEncryption.AES256);
                case SSE_KMS -> create.serverSideEncryption(ServerSideEncryption.AWS_KMS)
                        .ssekmsKeyId(request.encryption().kmsKeyId());
                default -> {
                }
            }
        });
        Checksum checksum = S3Checksums.of(algorithm, done.checksumCRC32(), done.checksumCRC32C(),
                done.checksumCRC64NVME(), done.checksumSHA1(), done.checksumSHA256());
        return readBack(request, algorithm, partAlgorithm != null, new CopyResult(done.eTag(), checksum, false), what);
    }

    private HeadObjectResponse headOrNotFound(Location location, String what) {
        return call(what, () -> s3().headObject(b -> b.bucket(location.authority()).key(location.key())));
    }

    /** The configured part size, raised (to whole MiB) when the object would need more than 10,000 parts. */
    private long partSizeFor(long size) {
        return Parts.sizeFor(size, config.partSize(), MAX_PARTS);
    }

    private static <T> T call(String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw S3ExceptionMapper.map(e, what);
        }
    }

    private static String nameOf(software.amazon.awssdk.services.s3.model.ChecksumAlgorithm algorithm) {
        return algorithm == null ? null : algorithm.toString();
    }

    private static Checksum checksum(HeadObjectResponse r) {
        return S3Checksums.of(null, r.checksumCRC32(), r.checksumCRC32C(), r.checksumCRC64NVME(), r.checksumSHA1(),
                r.checksumSHA256());
    }

    private static Clients buildClients(S3StoreConfig config, RequestCounter counter) {
        RetryStrategy retries = AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(config.maxAttempts())
                .backoffStrategy(BackoffStrategy.exponentialDelay(config.retryBaseDelay(), config.maxRetryDelay()))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(config.throttlingRetryBaseDelay(),
                        config.maxRetryDelay()))
                .build();
        SdkHttpClient http = config.httpClient() != null ? config.httpClient().get()
                : ApacheHttpClient.builder().maxConnections(config.maxConnections()).build();
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(http)
                .credentialsProvider(config.credentials())
                .forcePathStyle(config.pathStyle())
                .overrideConfiguration(o -> o.retryStrategy(retries).addExecutionInterceptor(counter));
        if (config.region() != null) {
            builder.region(Region.of(config.region()));
        }
        if (config.endpointOverride() != null) {
            builder.endpointOverride(config.endpointOverride());
        }
        S3Client s3;
        try {
            s3 = builder.build();
        } catch (RuntimeException e) {
            http.close();
            throw e;
        }
        LeanCopy lean = config.leanCopies() ? new LeanCopy(s3, http, config.credentials(), retries, counter) : null;
        return new Clients(s3, http, lean);
    }

    /** Pages through ListObjectsV2 as the stream is consumed (one range at a time: {@code listConcurrency} 1). */
    private final class Listing implements Iterator<ObjectInfo> {
        private final Location prefix;
        private final String keyPrefix;
        private final String startAfter;
        private Iterator<S3Object> page = Collections.emptyIterator();
        private String continuationToken;
        private boolean more = true;

        Listing(Location prefix, String keyPrefix, String startAfter) {
            this.prefix = prefix;
            this.keyPrefix = keyPrefix;
            this.startAfter = startAfter;
        }

        @Override
        public boolean hasNext() {
            while (!page.hasNext() && more) {
                fetch();
            }
            return page.hasNext();
        }

        @Override
        public ObjectInfo next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return objectInfo(page.next(), keyPrefix);
        }

        private void fetch() {
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(prefix.authority())
                    .prefix(keyPrefix).maxKeys(config.listPageSize());
            if (continuationToken != null) {
                request.continuationToken(continuationToken);
            } else if (startAfter != null) {
                request.startAfter(startAfter);
            }
            ListObjectsV2Response response = call("listing " + prefix, () -> s3().listObjectsV2(request.build()));
            page = response.contents().iterator();
            continuationToken = response.nextContinuationToken();
            more = Boolean.TRUE.equals(response.isTruncated()) && continuationToken != null;
        }
    }
}
