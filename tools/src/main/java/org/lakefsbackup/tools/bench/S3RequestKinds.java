package org.lakefsbackup.tools.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Counts S3 requests seen by a proxy by operation, from the request line and headers alone: the same names the
 * AWS SDK uses ({@code CopyObject}, {@code ListObjectsV2}...), so every client is counted alike. Thread-safe.
 */
public final class S3RequestKinds {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** Counts one request (a {@link org.lakefsbackup.testkit.fault.FaultInjectingProxy.RequestObserver}). */
    public void count(String method, String target, Function<String, String> header) {
        counts.computeIfAbsent(classify(method, target, header), k -> new LongAdder()).increment();
    }

    /** The counts since the last reset, by operation. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        counts.forEach((k, v) -> m.put(k, v.sum()));
        m.values().removeIf(v -> v == 0);
        return m;
    }

    public void reset() {
        counts.values().forEach(LongAdder::reset);
    }

    /** The S3 operation of a path-style request. */
    static String classify(String method, String target, Function<String, String> header) {
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? "" : "&" + target.substring(q + 1);
        boolean bucketLevel = path.indexOf('/', 1) < 0 || path.indexOf('/', 1) == path.length() - 1;
        boolean copy = header.apply("x-amz-copy-source") != null;
        return switch (method) {
            case "GET" -> {
                if (bucketLevel) {
                    if (path.equals("/")) {
                        yield "ListBuckets";
                    }
                    yield query.contains("&list-type=2") ? "ListObjectsV2" : query.contains("&location")
                            ? "GetBucketLocation" : query.contains("&uploads") ? "ListMultipartUploads"
                            : query.contains("&versions") ? "ListObjectVersions" : "ListObjects";
                }
                yield query.contains("&uploadId=") ? "ListParts" : query.contains("&attributes")
                        ? "GetObjectAttributes" : "GetObject";
            }
            case "HEAD" -> bucketLevel ? "HeadBucket" : "HeadObject";
            case "PUT" -> {
                if (bucketLevel) {
                    yield "CreateBucket";
                }
                if (query.contains("&partNumber=")) {
                    yield copy ? "UploadPartCopy" : "UploadPart";
                }
                yield copy ? "CopyObject" : "PutObject";
            }
            case "POST" -> bucketLevel && query.contains("&delete") ? "DeleteObjects"
                    : query.contains("&uploads") ? "CreateMultipartUpload"
                    : query.contains("&uploadId=") ? "CompleteMultipartUpload" : "Post";
            case "DELETE" -> query.contains("&uploadId=") ? "AbortMultipartUpload"
                    : bucketLevel ? "DeleteBucket" : "DeleteObject";
            default -> method;
        };
    }
}
