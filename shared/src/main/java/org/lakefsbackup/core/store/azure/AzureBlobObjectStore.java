package org.lakefsbackup.core.store.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.rest.PagedResponse;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobCopyInfo;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.CopyStatusType;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobBeginCopyOptions;
import com.azure.storage.blob.options.BlobCopyFromUrlOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.options.BlockBlobStageBlockFromUrlOptions;
import com.azure.storage.blob.options.BlockBlobStageBlockOptions;
import com.azure.storage.blob.models.BlobBeginCopySourceRequestConditions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.store.CopiesFromUrl;
import org.lakefsbackup.core.store.KeyOrder;
import org.lakefsbackup.core.store.Checksum;
import org.lakefsbackup.core.store.ChecksumAlgorithm;
import org.lakefsbackup.core.store.CopyRequest;
import org.lakefsbackup.core.store.CopyResult;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.ObjectStore;
import org.lakefsbackup.core.store.StoreStats;
import org.lakefsbackup.core.store.azure.internal.CodePointOrderListing;
import org.lakefsbackup.core.store.internal.Parts;
import org.lakefsbackup.core.store.azure.internal.DefaultCredential;
import org.lakefsbackup.core.store.azure.internal.RequestCounter;
import org.lakefsbackup.core.store.azure.internal.SourceSas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The object store for {@code https://<account>.blob.core.windows.net/<container>/<key>} locations (block blobs),
 * on azure-storage-blob with the JDK HTTP client. One store serves every account it has an endpoint and a
 * credential for (see {@link AzureBlobStoreConfig}).
 *
 * <p>Copies are server-side and their source is always authorized with a read-only SAS, so they work across
 * accounts: Copy Blob From URL up to {@link AzureBlobStoreConfig#singleCopyThreshold()}; above it, inside one
 * account, one asynchronous Copy Blob (which Azure completes inside the account), and across accounts Put Block From
 * URL over ranges, in parallel, then Put Block List with the source's properties and metadata. Copies from other
 * clouds ({@link CopiesFromUrl}) use Put Block From URL on the presigned URL, as azcopy does.
 *
 * <p>Listings are lazy and in {@link KeyOrder}; Azure lists in UTF-16 order, which {@link CodePointOrderListing}
 * corrects. {@link ObjectInfo#etag()} is Azure's opaque ETag (it changes with every write, copies included) and
 * {@link ObjectInfo#checksum()} the stored Content-MD5 as {@code "md5:<base64>"} where the blob has one: Put Blob
 * stores it, and this store sets it on every blob it commits from blocks when the MD5 is known (uploads; copies of
 * Azure blobs that have one). Azure keeps no CRC64 as a blob property.
 *
 * <p>The SDK retries throttling, server errors and I/O failures ({@link AzureBlobStoreConfig#maxAttempts()}); what
 * still fails is translated by {@link AzureExceptionMapper}. {@link #stats()} counts every HTTP attempt by Blob
 * service operation. Thread-safe; close it to stop its block-copy threads.
 */
public final class AzureBlobObjectStore implements ObjectStore, CopiesFromUrl {
    private static final Logger LOG = LoggerFactory.getLogger(AzureBlobObjectStore.class);
    private static final int STREAM_BLOCK = 4 * 1024 * 1024;

    private final AzureBlobStoreConfig config;
    private final HttpClient http;
    private final RequestCounter counter = new RequestCounter();
    private final SourceSas sas;
    private final Map<String, BlobServiceClient> services = new ConcurrentHashMap<>();
    private final ExecutorService blocks;
    private volatile TokenCredential defaultCredential;

    public AzureBlobObjectStore(AzureBlobStoreConfig config) {
        this(config, new JdkHttpClientBuilder().build());
    }

    /** A store sending its requests through {@code http} (tests put a stand-in for parts of Azure there). */
    public AzureBlobObjectStore(AzureBlobStoreConfig config, HttpClient http) {
        this.config = config;
        this.http = http;
        this.sas = new SourceSas(config.sourceSasValidity());
        AtomicInteger threads = new AtomicInteger();
        this.blocks = Executors.newFixedThreadPool(config.blockConcurrency(), r -> {
            Thread t = new Thread(r, "azure-block-copy-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public AzureBlobStoreConfig config() {
        return config;
    }

    @Override
    public boolean supports(Location location) {
        return location.scheme() == Location.Scheme.AZURE_BLOB
                && (config.accounts().isEmpty() || config.accounts().contains(account(location)));
    }

    // ---- listing

    @Override
    public Stream<ObjectInfo> list(Location prefix, String startAfter) {
        String keyPrefix = prefix.key().isEmpty() ? "" : prefix.key() + "/";
        BlobContainerClient container = container(prefix);
        String after = startAfter == null || startAfter.isEmpty() ? null : keyPrefix + startAfter;
        Iterator<BlobItem> items = new CodePointOrderListing<>(
                (p, from) -> new Pages(container, prefix, p, from), BlobItem::getName, keyPrefix, after);
        Iterator<ObjectInfo> infos = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return items.hasNext();
            }

            @Override
            public ObjectInfo next() {
                BlobItem b = items.next();
                var p = b.getProperties();
                return new ObjectInfo(b.getName().substring(keyPrefix.length()), p.getContentLength(), p.getETag(),
                        md5(p.getContentMd5()), p.getLastModified() == null ? null : p.getLastModified().toInstant());
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(infos,
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT), false);
    }

    // ---- reads

    @Override
    public Optional<ObjectInfo> head(Location location) {
        try {
            BlobProperties p = blob(location).getProperties();
            return Optional.of(new ObjectInfo(location.key(), p.getBlobSize(), p.getETag(), md5(p.getContentMd5()),
                    p.getLastModified() == null ? null : p.getLastModified().toInstant()));
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return Optional.empty(); // a HEAD answer has no body: a missing container looks the same
            }
            throw AzureExceptionMapper.map(e, "reading metadata of " + location);
        } catch (RuntimeException e) {
            throw AzureExceptionMapper.map(e, "reading metadata of " + location);
        }
    }

    @Override
    public Optional<byte[]> get(Location location) {
        return getVersioned(location).map(Versioned::content);
    }

    /** The document with its ETag (unquoted), for compare-and-swap with {@link #replaceIfMatch}. */
    @Override
    public Optional<Versioned> getVersioned(Location location) {
        try {
            var response = blob(location).downloadContentWithResponse(null, null, null, Context.NONE);
            return Optional.of(new Versioned(response.getValue().toBytes(),
                    unquote(response.getDeserializedHeaders().getETag())));
        } catch (BlobStorageException e) {
            if (BlobErrorCode.BLOB_NOT_FOUND.equals(e.getErrorCode())) {
                return Optional.empty();
            }
            throw AzureExceptionMapper.map(e, "reading " + location);
        } catch (RuntimeException e) {
            throw AzureExceptionMapper.map(e, "reading " + location);
        }
    }

    @Override
    public InputStream open(Location location) {
        // one Get Blob Properties, then ranged reads of 4 MiB pinned to the blob's ETag
        return call("opening " + location, () -> blob(location).openInputStream(
                new BlobInputStreamOptions().setBlockSize(STREAM_BLOCK)));
    }

    // ---- writes

    @Override
    public boolean putIfAbsent(Location location, byte[] content) {
        try {
            putBlob(location, content, new BlobRequestConditions().setIfNoneMatch("*"));
            return true;
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 409 || e.getStatusCode() == 412) {
                return false; // BlobAlreadyExists (Azure), ConditionNotMet (Azurite)
            }
            throw AzureExceptionMapper.map(e, "writing " + location);
        } catch (RuntimeException e) {
            throw AzureExceptionMapper.map(e, "writing " + location);
        }
    }

    /** Replaces a small document only if it still carries {@code etag} ({@code If-Match}). */
    @Override
    public boolean replaceIfMatch(Location location, byte[] content, String etag) {
        try {
            putBlob(location, content, new BlobRequestConditions().setIfMatch("\"" + unquote(etag) + "\""));
            return true;
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 412 || e.getStatusCode() == 404 && BlobErrorCode.BLOB_NOT_FOUND.equals(
                    e.getErrorCode())) {
                return false;
            }
            throw AzureExceptionMapper.map(e, "replacing " + location);
        } catch (RuntimeException e) {
            throw AzureExceptionMapper.map(e, "replacing " + location);
        }
    }

    @Override
    public void put(Location location, byte[] content) {
        call("writing " + location, () -> putBlob(location, content, null));
    }

    @Override
    public void upload(Location location, InputStream content, long length) {
        long blockSize = blockSizeFor(length);
        String what = "uploading " + location;
        byte[] first = Parts.read(content, location, Math.min(length, blockSize), length, 0);
        if (length <= blockSize) {
            put(location, first);
            return;
        }
        BlockBlobClient target = blockBlob(location);
        MessageDigest md5 = md5Digest();
        List<String> ids = new ArrayList<>();
        long offset = 0;
        byte[] block = first;
        while (true) {
            String id = blockId(ids.size());
            byte[] bytes = block;
            call(what, () -> target.stageBlockWithResponse(new BlockBlobStageBlockOptions(id,
                    BinaryData.fromBytes(bytes)).setContentMd5(md5Digest().digest(bytes)), null, Context.NONE));
            md5.update(bytes);
            ids.add(id);
            offset += bytes.length;
            if (offset >= length) {
                break;
            }
            block = Parts.read(content, location, Math.min(blockSize, length - offset), length, offset);
        }
        byte[] whole = md5.digest();
        call(what, () -> target.commitBlockListWithResponse(new BlockBlobCommitBlockListOptions(ids)
                .setHeaders(new BlobHttpHeaders().setContentMd5(whole)), null, Context.NONE));
    }

    // ---- copies

    /**
     * Copies server-side. The result's identity is the written blob's ETag and the Content-MD5 it carries, as the
     * copy's answers or the source's properties (read anyway for large copies) give them: no extra request. The
     * checksum algorithm of the request is not applicable (Azure keeps Content-MD5).
     */
    @Override
    public CopyResult copy(CopyRequest request) {
        Location source = request.source();
        Location target = request.target();
        long expectedSize = request.expectedSize();
        String what = "copying " + source + " to " + target;
        BlobClient from = blob(source);
        if (expectedSize >= 0 && expectedSize <= config.singleCopyThreshold()) {
            return copyFromUrl(from, source, target, null, what);
        }
        // The properties give the exact size, what to carry over, and the ETag that pins every block to one version.
        BlobProperties p = call(what, from::getProperties);
        Checksum md5 = Checksum.parse(md5(p.getContentMd5()));
        if (p.getBlobSize() <= config.singleCopyThreshold()) {
            return copyFromUrl(from, source, target, p.getETag(), what);
        } else if (config.asyncCopyWithinAccount() && account(source).equals(account(target))) {
            return new CopyResult(asyncCopy(from, source, target, p.getETag(), what), md5, false);
        } else {
            return new CopyResult(copyBlocks(sourceUrl(from, source), p.getBlobSize(), p.getETag(), headersOf(p),
                    p.getMetadata(), target, what), md5, false);
        }
    }

    @Override
    public boolean copiesFromUrls() {
        return config.copyFromExternalUrls();
    }

    @Override
    public Duration sourceUrlValidity() {
        return config.sourceSasValidity();
    }

    @Override
    public CopyResult copyFromUrl(URI source, String description, long size, String etag, Location target) {
        String quoted = etag == null || etag.startsWith("\"") ? etag : "\"" + etag + "\"";
        return new CopyResult(copyBlocks(source.toString(), size, quoted, null, null, target, "copying " + description
                + " to " + target), null, false);
    }

    @Override
    public void delete(Location location) {
        try {
            blob(location).deleteWithResponse(null, null, null, Context.NONE);
        } catch (BlobStorageException e) {
            if (!BlobErrorCode.BLOB_NOT_FOUND.equals(e.getErrorCode())) {
                throw AzureExceptionMapper.map(e, "deleting " + location);
            }
        } catch (RuntimeException e) {
            throw AzureExceptionMapper.map(e, "deleting " + location);
        }
    }

    @Override
    public StoreStats stats() {
        return counter.snapshot();
    }

    @Override
    public void close() {
        blocks.shutdownNow();
    }

    @Override
    public String toString() {
        return "AzureBlobObjectStore[endpoint=" + (config.endpointOverride() == null ? "azure"
                : config.endpointOverride()) + ", accounts=" + (config.accounts().isEmpty() ? "*" : config.accounts())
                + "]";
    }

    // ---- internals

    /** Copy Blob From URL; returns the written blob's ETag and the Content-MD5 the answer reports, if any. */
    private CopyResult copyFromUrl(BlobClient from, Location source, Location target, String etag, String what) {
        BlobCopyFromUrlOptions options = new BlobCopyFromUrlOptions(sourceUrl(from, source));
        if (etag != null) {
            options.setSourceRequestConditions(new BlobRequestConditions().setIfMatch(etag));
        }
        var response = call(what, () -> blockBlob(target).copyFromUrlWithResponse(options, null, Context.NONE));
        String md5 = response.getHeaders().getValue(com.azure.core.http.HttpHeaderName.CONTENT_MD5);
        return new CopyResult(response.getHeaders().getValue(com.azure.core.http.HttpHeaderName.ETAG),
                md5 == null || md5.isEmpty() ? null : new Checksum(ChecksumAlgorithm.MD5, md5), false);
    }

    /** An asynchronous Copy Blob, awaited; returns the written blob's ETag. */
    private String asyncCopy(BlobClient from, Location source, Location target, String etag, String what) {
        BlobClient to = blob(target);
        SyncPoller<BlobCopyInfo, Void> poller = call(what, () -> to.beginCopy(
                new BlobBeginCopyOptions(sourceUrl(from, source)).setPollInterval(Duration.ofSeconds(1))
                        .setSourceRequestConditions(new BlobBeginCopySourceRequestConditions().setIfMatch(etag))));
        PollResponse<BlobCopyInfo> done;
        try {
            done = poller.waitForCompletion(config.asyncCopyTimeout());
        } catch (RuntimeException e) {
            abandon(to, target, what);
            throw AzureExceptionMapper.map(e, what);
        }
        if (done.getStatus() != LongRunningOperationStatus.SUCCESSFULLY_COMPLETED) {
            abandon(to, target, what);
            BlobCopyInfo info = done.getValue();
            throw ErrorCode.UNAVAILABLE.exception(what + " failed: the asynchronous copy ended "
                    + (info == null ? done.getStatus() : info.getCopyStatus() + " " + info.getError()));
        }
        return done.getValue() == null ? null : done.getValue().getETag();
    }

    /** Aborts a copy still pending and deletes what an unfinished copy left at the target, which it created. */
    private void abandon(BlobClient to, Location target, String what) {
        try {
            BlobProperties p = to.getProperties();
            if (p.getCopyStatus() == CopyStatusType.PENDING) {
                to.abortCopyFromUrl(p.getCopyId());
                p = to.getProperties();
            }
            if (p.getCopyStatus() != CopyStatusType.SUCCESS) {
                to.deleteWithResponse(null, new BlobRequestConditions().setIfMatch(p.getETag()), null, Context.NONE);
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: could not clean up the unfinished copy at {}: {}", what, target, e.getMessage());
        }
    }

    /** Put Block From URL for every block, then Put Block List; returns the written blob's ETag. */
    private String copyBlocks(String sourceUrl, long size, String etag, BlobHttpHeaders headers,
                              Map<String, String> metadata, Location target, String what) {
        BlockBlobClient to = blockBlob(target);
        long blockSize = blockSizeFor(size);
        List<String> ids = new ArrayList<>();
        List<Future<?>> staged = new ArrayList<>();
        BlobRequestConditions pinned = etag == null ? null : new BlobRequestConditions().setIfMatch(etag);
        for (long offset = 0; offset < size; offset += blockSize) {
            String id = blockId(ids.size());
            ids.add(id);
            BlobRange range = new BlobRange(offset, Math.min(blockSize, size - offset));
            staged.add(blocks.submit(() -> to.stageBlockFromUrlWithResponse(
                    new BlockBlobStageBlockFromUrlOptions(id, sourceUrl).setSourceRange(range)
                            .setSourceRequestConditions(pinned), null, Context.NONE)));
        }
        awaitAll(staged, what);
        return call(what, () -> to.commitBlockListWithResponse(new BlockBlobCommitBlockListOptions(ids)
                .setHeaders(headers).setMetadata(metadata), null, Context.NONE)).getValue().getETag();
    }

    private static void awaitAll(List<Future<?>> futures, String what) {
        RuntimeException failure = null;
        for (Future<?> f : futures) {
            try {
                if (failure == null) {
                    f.get();
                } else {
                    f.cancel(true);
                }
            } catch (ExecutionException e) {
                failure = e.getCause() instanceof RuntimeException r ? AzureExceptionMapper.map(r, what)
                        : ErrorCode.INTERNAL.exception(what + " failed: " + e.getCause(), e.getCause());
            } catch (CancellationException e) {
                failure = ErrorCode.UNAVAILABLE.exception(what + " was cancelled", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = ErrorCode.UNAVAILABLE.exception(what + " was interrupted", e);
            }
        }
        if (failure != null) {
            futures.forEach(f -> f.cancel(true));
            throw failure;
        }
    }

    private Void putBlob(Location location, byte[] content, BlobRequestConditions conditions) {
        blockBlob(location).uploadWithResponse(new BlockBlobSimpleUploadOptions(BinaryData.fromBytes(content))
                .setContentMd5(md5Digest().digest(content)).setRequestConditions(conditions), null, Context.NONE);
        return null;
    }

    /** The configured block size, raised (to whole MiB) when the blob would need more than 50,000 blocks. */
    private long blockSizeFor(long size) {
        return Parts.sizeFor(size, config.blockSize(), AzureBlobStoreConfig.MAX_BLOCKS);
    }

    private String sourceUrl(BlobClient from, Location source) {
        String account = account(source);
        return sas.readUrl(from, service(source), config.accountKeys().containsKey(account));
    }

    private BlockBlobClient blockBlob(Location location) {
        return blob(location).getBlockBlobClient();
    }

    private BlobClient blob(Location location) {
        if (location.key().isEmpty()) {
            throw ErrorCode.INVALID_INPUT.exception(location + " names a container, not a blob");
        }
        return container(location).getBlobClient(location.key());
    }

    private BlobContainerClient container(Location location) {
        return service(location).getBlobContainerClient(location.container());
    }

    private BlobServiceClient service(Location location) {
        if (!supports(location)) {
            throw ErrorCode.INVALID_INPUT.exception(this + " does not serve " + location);
        }
        String account = account(location);
        return services.computeIfAbsent(account, a -> newServiceClient(a, location.authority()));
    }

    private BlobServiceClient newServiceClient(String account, String host) {
        URI endpoint = config.endpointFor(account, host);
        RequestRetryOptions retries = new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, config.maxAttempts(),
                (Duration) null, config.retryBaseDelay(), config.maxRetryDelay(), null);
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder()
                .endpoint(endpoint.toString())
                .httpClient(http)
                .retryOptions(retries)
                .addPolicy(counter.perCall())
                .addPolicy(counter.perRetry());
        String key = config.accountKeys().get(account);
        if (key == null && !"https".equals(endpoint.getScheme())) {
            throw ErrorCode.INVALID_INPUT.exception("storage account " + account + " is served over http at "
                    + endpoint + " but has no shared key; Entra ID tokens are only sent over https");
        }
        if (key != null) {
            builder.credential(new StorageSharedKeyCredential(account, key));
        } else {
            builder.credential(tokenCredential());
        }
        LOG.debug("Azure account {} served at {} with {}", account, endpoint, key != null ? "its shared key"
                : "a token credential");
        return builder.buildClient();
    }

    private TokenCredential tokenCredential() {
        if (config.credential() != null) {
            return config.credential();
        }
        TokenCredential c = defaultCredential;
        if (c == null) {
            synchronized (this) {
                if (defaultCredential == null) {
                    defaultCredential = DefaultCredential.create();
                }
                c = defaultCredential;
            }
        }
        return c;
    }

    private static String account(Location location) {
        String host = location.authority();
        return host.substring(0, host.indexOf('.'));
    }

    private static BlobHttpHeaders headersOf(BlobProperties p) {
        return new BlobHttpHeaders().setContentType(p.getContentType()).setContentEncoding(p.getContentEncoding())
                .setContentLanguage(p.getContentLanguage()).setContentDisposition(p.getContentDisposition())
                .setCacheControl(p.getCacheControl()).setContentMd5(p.getContentMd5());
    }

    /** Block ids: base64 of a fixed-length string, as Azure requires every id of a blob to have the same length. */
    private static String blockId(int index) {
        return Base64.getEncoder().encodeToString(String.format("block-%08d", index)
                .getBytes(StandardCharsets.US_ASCII));
    }

    private static <T> T call(String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (LakeFsBackupException e) {
            throw e;
        } catch (RuntimeException e) {
            throw AzureExceptionMapper.map(e, what);
        }
    }

    private static String md5(byte[] md5) {
        return md5 == null || md5.length == 0 ? null : "md5:" + Base64.getEncoder().encodeToString(md5);
    }

    private static MessageDigest md5Digest() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unquote(String etag) {
        return etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
                ? etag.substring(1, etag.length() - 1) : etag;
    }

    /** One listing call as the stream is consumed: List Blobs page by page. */
    private final class Pages implements Iterator<BlobItem> {
        private final BlobContainerClient container;
        private final Location listed;
        private final ListBlobsOptions options;
        private Iterator<BlobItem> page = Collections.emptyIterator();
        private String marker;
        private boolean more = true;

        Pages(BlobContainerClient container, Location listed, String prefix, String from) {
            this.container = container;
            this.listed = listed;
            this.options = new ListBlobsOptions().setPrefix(prefix).setMaxResultsPerPage(config.listPageSize());
            if (from.length() > prefix.length()) {
                options.setStartFrom(from);
            }
        }

        @Override
        public boolean hasNext() {
            while (!page.hasNext() && more) {
                fetch();
            }
            return page.hasNext();
        }

        @Override
        public BlobItem next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return page.next();
        }

        private void fetch() {
            PagedResponse<BlobItem> response = call("listing " + listed, () -> container.listBlobs(options, marker,
                    null).iterableByPage().iterator().next());
            page = response.getValue().iterator();
            marker = response.getContinuationToken();
            more = marker != null && !marker.isEmpty();
        }
    }
}
