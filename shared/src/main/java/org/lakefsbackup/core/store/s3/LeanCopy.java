package org.lakefsbackup.core.store.s3;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lakefsbackup.core.store.CopyRequest;
import org.lakefsbackup.core.store.Location;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectResult;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * CopyObject without the SDK's request pipeline: the request is built here, signed by the SDK's SigV4 signer and
 * sent through the store's SDK HTTP client (one connection pool with the SDK client), and the small XML answer is
 * read here. Measured on two cores against S3Proxy this costs about 0.4 ms of client CPU per copy against 0.8 to
 * 1.1 ms through the SDK client's pipeline (interceptors, marshalling, endpoint rules), which is what bounds a
 * backup's copy rate when the client shares the machine (docs/benchmarks.md).
 *
 * <p>What the SDK client does and this does too: the object URL comes from the client's own endpoint resolution
 * ({@link S3Client#utilities()}: endpoint override, path style, region), once per bucket; the key and the copy
 * source are encoded as the SDK encodes them; throttling and server errors are retried with the store's retry
 * strategy; a 200 answer carrying an {@code <Error>} is an error; errors become {@link S3Exception}s with the status
 * and S3 error code, so {@link S3ExceptionMapper} maps them as any other. Thread-safe.
 */
final class LeanCopy {
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final Pattern ELEMENT = Pattern.compile("<(\\w+)>([^<]*)</\\1>");

    private final S3Client s3;
    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final String region;
    private final RetryStrategy retries;
    private final RequestCounter counter;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final Map<String, String> bucketUrls = new ConcurrentHashMap<>();

    LeanCopy(S3Client s3, SdkHttpClient http, AwsCredentialsProvider credentials, RetryStrategy retries,
             RequestCounter counter) {
        this.s3 = s3;
        this.http = http;
        this.credentials = credentials;
        this.region = s3.serviceClientConfiguration().region().id();
        this.retries = retries;
        this.counter = counter;
    }

    /**
     * Sends one CopyObject, retried as the store's strategy says.
     *
     * @param checksumAlgorithm S3's name of the checksum to ask for ({@code CRC64NVME}...), or {@code null}
     * @throws SdkException as the SDK client would throw it
     */
    CopyObjectResponse copy(CopyRequest request, String checksumAlgorithm) {
        SdkHttpFullRequest unsigned = build(request, checksumAlgorithm);
        RetryToken token = retries.acquireInitialToken(AcquireInitialTokenRequest.create("s3-copy")).token();
        boolean first = true;
        while (true) {
            try {
                counter.sent("CopyObject", !first);
                CopyObjectResponse answer = send(unsigned);
                retries.recordSuccess(RecordSuccessRequest.create(token));
                return answer;
            } catch (SdkException e) {
                if (e instanceof S3Exception s3 && RequestCounter.isThrottling(s3.statusCode())) {
                    counter.throttled();
                }
                RefreshRetryTokenResponse next;
                try {
                    next = retries.refreshRetryToken(RefreshRetryTokenRequest.builder().token(token).failure(e)
                            .build());
                } catch (TokenAcquisitionFailedException exhausted) {
                    throw e;
                }
                pause(next.delay());
                token = next.token();
                first = false;
            }
        }
    }

    private SdkHttpFullRequest build(CopyRequest request, String checksumAlgorithm) {
        Location source = request.source();
        Location target = request.target();
        SdkHttpFullRequest.Builder b = SdkHttpFullRequest.builder().method(SdkHttpMethod.PUT)
                .uri(URI.create(bucketUrl(target.authority()) + SdkHttpUtils.urlEncodeIgnoreSlashes(target.key())))
                .putHeader("x-amz-copy-source", SdkHttpUtils.urlEncodeIgnoreSlashes(source.authority()) + "/"
                        + SdkHttpUtils.urlEncodeIgnoreSlashes(source.key()))
                .putHeader("x-amz-content-sha256", EMPTY_SHA256);
        if (request.metadataDirective() == CopyRequest.MetadataDirective.REPLACE) {
            b.putHeader("x-amz-metadata-directive", "REPLACE");
            request.metadata().forEach((k, v) -> b.putHeader("x-amz-meta-" + k, v));
        } else {
            b.putHeader("x-amz-metadata-directive", "COPY");
        }
        if (checksumAlgorithm != null) {
            b.putHeader("x-amz-checksum-algorithm", checksumAlgorithm);
        }
        switch (request.encryption().mode()) {
            case SSE_S3 -> b.putHeader("x-amz-server-side-encryption", "AES256");
            case SSE_KMS -> {
                b.putHeader("x-amz-server-side-encryption", "aws:kms");
                if (request.encryption().kmsKeyId() != null) {
                    b.putHeader("x-amz-server-side-encryption-aws-kms-key-id", request.encryption().kmsKeyId());
                }
            }
            default -> {
            }
        }
        return b.build();
    }

    /** The URL of a bucket's objects as the SDK client resolves it, ending with {@code /}. */
    private String bucketUrl(String bucket) {
        return bucketUrls.computeIfAbsent(bucket, name -> {
            String url = s3.utilities().getUrl(r -> r.bucket(name).key("k")).toString();
            return url.substring(0, url.length() - 1);
        });
    }

    private CopyObjectResponse send(SdkHttpFullRequest unsigned) {
        SdkHttpRequest signed = signer.sign(r -> r.identity(credentials.resolveCredentials()).request(unsigned)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)).request();
        HttpExecuteResponse response;
        String body;
        try {
            response = http.prepareRequest(HttpExecuteRequest.builder().request(signed).build()).call();
            try (AbortableInputStream in = response.responseBody().orElse(null)) {
                body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw SdkClientException.builder().message("CopyObject failed: " + e.getMessage()).cause(e).build();
        }
        int status = response.httpResponse().statusCode();
        if (status / 100 != 2 || body.contains("<Error>") || !body.contains("CopyObjectResult")) {
            throw error(status / 100 == 2 ? 500 : status, body, response);
        }
        Map<String, String> fields = new java.util.HashMap<>();
        Matcher m = ELEMENT.matcher(body);
        while (m.find()) {
            fields.put(m.group(1), unescape(m.group(2)));
        }
        CopyObjectResult result = CopyObjectResult.builder().eTag(fields.get("ETag"))
                .checksumCRC32(fields.get("ChecksumCRC32")).checksumCRC32C(fields.get("ChecksumCRC32C"))
                .checksumCRC64NVME(fields.get("ChecksumCRC64NVME")).checksumSHA1(fields.get("ChecksumSHA1"))
                .checksumSHA256(fields.get("ChecksumSHA256")).build();
        var headers = response.httpResponse();
        return CopyObjectResponse.builder().copyObjectResult(result)
                .serverSideEncryption(headers.firstMatchingHeader("x-amz-server-side-encryption").orElse(null))
                .sseCustomerAlgorithm(headers.firstMatchingHeader("x-amz-server-side-encryption-customer-algorithm")
                        .orElse(null))
                .build();
    }

    private static S3Exception error(int status, String body, HttpExecuteResponse response) {
        String code = element(body, "Code");
        String message = element(body, "Message");
        String requestId = response.httpResponse().firstMatchingHeader("x-amz-request-id").orElse(null);
        return (S3Exception) S3Exception.builder().statusCode(status).requestId(requestId)
                .message(message == null ? "HTTP " + status : message)
                .awsErrorDetails(AwsErrorDetails.builder().serviceName("S3").errorCode(code)
                        .errorMessage(message).sdkHttpResponse(response.httpResponse()).build())
                .build();
    }

    private static String element(String body, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(body);
        return m.find() ? unescape(m.group(1)) : null;
    }

    private static String unescape(String s) {
        return s.indexOf('&') < 0 ? s : s.replace("&quot;", "\"").replace("&apos;", "'").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&#34;", "\"").replace("&amp;", "&");
    }

    private static void pause(Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SdkClientException.create("interrupted while waiting to retry a copy", e);
        }
    }
}
