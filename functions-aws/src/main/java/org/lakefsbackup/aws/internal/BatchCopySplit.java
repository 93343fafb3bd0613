package org.lakefsbackup.aws.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.lakefsbackup.aws.handler.BatchCopySpec;
import org.lakefsbackup.core.copy.CopyPlan;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.model.CopyItem;
import org.lakefsbackup.core.model.JsonLinesChunks;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits a copy plan between S3 Batch Operations and the Distributed Map.
 *
 * <p>Batch Operations' {@code S3PutObjectCopy} copies every manifest object to one target bucket under the key
 * {@code TargetKeyPrefix + <the source key as listed>}: the whole source key, not a key relative to some source
 * prefix, and nothing is ever stripped from it. So an item can go through Batch only when its full target key ends
 * with its full source key and what comes before is one prefix shared by the whole job. For a backup of
 * {@code s3://data/ns} into {@code s3://backups/lakefs}, item {@code k} copies {@code ns/k} to
 * {@code lakefs/<repo>/objects/k}, which is expressible only when the namespace is a bucket root (source key
 * {@code k}, prefix {@code lakefs/<repo>/objects/}); a restore copies {@code lakefs/<repo>/objects/k} to
 * {@code ns/k}, which never is (the prefix would have to be removed). Versions of mutable objects are stored as
 * {@code mutable/<k>/v-<version>}, a suffix Batch cannot add. Objects over 5 GiB, which Batch's copy cannot copy,
 * stay with the Map too, whose copier uses multipart UploadPartCopy for them. Everything that cannot go through
 * Batch is written as a normal chunk list (the remainder plan) for the Map.
 *
 * <p>The manifest is a CSV ({@code S3BatchOperations_CSV_20180820}, fields {@code Bucket,Key}) with keys
 * percent-encoded (RFC 3986: everything but unreserved characters and {@code /}, so a space is {@code %20} and a
 * {@code +} is {@code %2B}, which decode the same whether S3 treats the key as a URI component or a form value).
 * It is written to a temporary file while the plan is streamed, then uploaded, so memory stays flat.
 */
public final class BatchCopySplit {
    private static final Logger LOG = LoggerFactory.getLogger(BatchCopySplit.class);
    /** The largest object Batch Operations' copy can copy: 5 GiB, the CopyObject limit. */
    public static final long MAX_BATCH_OBJECT_BYTES = 5L * 1024 * 1024 * 1024;
    public static final String MANIFEST = "batch/manifest.csv";
    public static final String REPORT = "batch/report";
    public static final String REMAINDER = "plan-map";

    /**
     * The outcome: {@code spec} is {@code null} when nothing can go through Batch (then {@code remainder} is the
     * original plan); {@code reasons} counts the items kept for the Map by reason.
     */
    public record Split(BatchCopySpec spec, CopyPlan remainder, Map<String, Long> reasons) {
    }

    private final Storage storage;
    private final int chunkSize;

    public BatchCopySplit(Storage storage, int chunkSize) {
        this.storage = storage;
        this.chunkSize = chunkSize;
    }

    /** Writes the manifest and the remainder plan of {@code plan} under the run's scratch {@code runRoot}. */
    public Split split(CopyPlan plan, Location runRoot) {
        Location source = Location.parse(plan.sourceRoot());
        Location target = Location.parse(plan.targetRoot());
        if (source.scheme() != Location.Scheme.S3 || target.scheme() != Location.Scheme.S3) {
            LOG.info("Batch Operations copies S3 to S3 only; {} -> {} goes through the Distributed Map", source, target);
            return new Split(null, plan, Map.of("not S3 to S3", plan.copyObjects()));
        }
        Path csv = tempFile();
        try {
            Map<String, Long> reasons = new TreeMap<>();
            String prefix = null;
            long objects = 0;
            long bytes = 0;
            long restObjects = 0;
            long restBytes = 0;
            Location restPrefix = runRoot.resolve(REMAINDER);
            int restChunks;
            try (Stream<CopyItem> items = JsonLinesChunks.stream(storage, Location.parse(plan.planPrefix()),
                    plan.chunks(), CopyItem.class);
                 Writer out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
                 var rest = new JsonLinesChunks.Writer<>(storage, restPrefix, chunkSize, CopyItem.class)) {
                var it = items.iterator();
                while (it.hasNext()) {
                    CopyItem item = it.next();
                    String sourceKey = source.resolve(item.source()).key();
                    String targetKey = target.resolve(item.target()).key();
                    String itemPrefix = targetKeyPrefix(sourceKey, targetKey, source.authority(), target.authority());
                    String reason = item.size() > MAX_BATCH_OBJECT_BYTES ? "over 5 GiB"
                            : itemPrefix == null ? "target key not expressible as prefix + source key"
                            : prefix != null && !prefix.equals(itemPrefix) ? "another target prefix" : null;
                    if (reason == null) {
                        prefix = itemPrefix;
                        out.write(source.authority());
                        out.write(',');
                        out.write(encodeKey(sourceKey));
                        out.write('\n');
                        objects++;
                        bytes += item.size();
                    } else {
                        reasons.merge(reason, 1L, Long::sum);
                        rest.add(item);
                        restObjects++;
                        restBytes += item.size();
                    }
                }
                rest.close();
                restChunks = rest.chunks();
            } catch (IOException e) {
                throw ErrorCode.INTERNAL.exception("cannot write the Batch Operations manifest: " + e.getMessage(), e);
            }
            if (objects == 0) {
                LOG.info("no object of the plan can go through Batch Operations ({}); the Distributed Map copies all",
                        reasons);
                return new Split(null, plan, reasons);
            }
            Location manifest = runRoot.resolve(MANIFEST);
            var store = storage.storeFor(manifest);
            try (InputStream in = Files.newInputStream(csv)) {
                store.upload(manifest, in, Files.size(csv));
            } catch (IOException e) {
                throw ErrorCode.INTERNAL.exception("cannot read the Batch Operations manifest back: " + e.getMessage(), e);
            }
            String etag = store.head(manifest).map(o -> o.etag()).orElseThrow(() -> ErrorCode.NOT_FOUND.exception(
                    "the Batch Operations manifest " + manifest + " was written but cannot be read back"));
            Location report = runRoot.resolve(REPORT);
            BatchCopySpec spec = new BatchCopySpec(manifest.authority(), manifest.key(), unquote(etag),
                    source.authority(), source.key(), target.authority(), prefix, objects, bytes, report.authority(),
                    report.key(), clientRequestToken(runRoot));
            CopyPlan remainder = new CopyPlan(plan.sourceRoot(), plan.targetRoot(), restPrefix.toString(), restChunks,
                    plan.totalObjects(), plan.totalBytes(), restObjects, restBytes, plan.inventoryChunks());
            LOG.info("Batch Operations copies {} objects ({} bytes) under target prefix '{}'; the Distributed Map "
                    + "copies {} ({} bytes) in {} chunks: {}", objects, bytes, prefix, restObjects, restBytes,
                    restChunks, reasons);
            return new Split(spec, remainder, reasons);
        } finally {
            try {
                Files.deleteIfExists(csv);
            } catch (IOException e) {
                LOG.debug("cannot delete {}: {}", csv, e.toString());
            }
        }
    }

    /**
     * The {@code TargetKeyPrefix} that copies {@code sourceKey} to {@code targetKey}, or {@code null} when there is
     * none: the target key must end with the whole source key, and the prefix before it must be empty or end with
     * {@code /} (so the result does not depend on whether S3 inserts a separator) and must not copy an object onto
     * itself.
     */
    static String targetKeyPrefix(String sourceKey, String targetKey, String sourceBucket, String targetBucket) {
        if (!targetKey.endsWith(sourceKey)) {
            return null;
        }
        String prefix = targetKey.substring(0, targetKey.length() - sourceKey.length());
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            return null;
        }
        if (prefix.isEmpty() && sourceBucket.equals(targetBucket)) {
            return null;
        }
        return prefix;
    }

    /** RFC 3986 percent-encoding of a key, keeping unreserved characters and {@code /}. */
    public static String encodeKey(String key) {
        StringBuilder out = new StringBuilder(key.length() + 16);
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~' || c == '/') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** A CreateJob idempotency token (at most 64 characters) derived from the run, so a retried create is a no-op. */
    static String clientRequestToken(Location runRoot) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(runRoot.toString().getBytes(StandardCharsets.UTF_8));
            return "lakefs-backup-" + HexFormat.of().formatHex(digest).substring(0, 48);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unquote(String etag) {
        return etag.length() > 1 && etag.startsWith("\"") && etag.endsWith("\"") ? etag.substring(1, etag.length() - 1)
                : etag;
    }

    private static Path tempFile() {
        try {
            return Files.createTempFile("lakefs-backup-batch-manifest", ".csv");
        } catch (IOException e) {
            throw ErrorCode.INTERNAL.exception("cannot create a temporary file for the manifest: " + e.getMessage(), e);
        }
    }
}
