package org.lakefsbackup.testkit.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.common.StorageSharedKeyCredential;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Azure's part of copies from other clouds, which Azurite lacks: Azurite's Put Block From URL reads only sources on
 * the same Azurite. Given to an {@code AzureBlobObjectStore} as its HTTP client, this passes every request to
 * Azurite unchanged, except a Put Block From URL ({@code PUT ?comp=block} with {@code x-ms-copy-source}) whose source
 * is not on Azurite. For that one it does what Azure does: checks the request's Shared Key signature, reads the
 * source range with a GET carrying {@code Range} and {@code If-Match} from {@code x-ms-source-range} and
 * {@code x-ms-source-if-match} (the source server checks the URL's own authorization, e.g. an S3 presigned
 * signature), and stages the bytes as the block with a Put Block signed with the account key. A source answering
 * 412 gives 412 {@code SourceConditionNotMet}, any other error {@code CannotVerifyCopySource} with the source's
 * status, as Azure answers.
 *
 * <p>The difference from Azure: the block's bytes pass through this JVM, so tests measure request counts and
 * content here, never the cost of a copy. Thread-safe.
 */
public final class ExternalCopySources implements HttpClient {
    private static final HttpHeaderName COPY_SOURCE = HttpHeaderName.fromString("x-ms-copy-source");
    private static final HttpHeaderName SOURCE_RANGE = HttpHeaderName.fromString("x-ms-source-range");
    private static final HttpHeaderName SOURCE_IF_MATCH = HttpHeaderName.fromString("x-ms-source-if-match");
    private static final HttpHeaderName VERSION = HttpHeaderName.fromString("x-ms-version");

    private final HttpClient azurite;
    private final URI endpoint;
    private final Map<String, String> keys;
    private final java.net.http.HttpClient sources = java.net.http.HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(30)).build();
    private final AtomicLong fetched = new AtomicLong();

    /**
     * @param azurite  the client that reaches Azurite
     * @param endpoint Azurite's endpoint; sources elsewhere are fetched here
     * @param keys     the shared keys of Azurite's accounts
     */
    public ExternalCopySources(HttpClient azurite, URI endpoint, Map<String, String> keys) {
        this.azurite = azurite;
        this.endpoint = endpoint;
        this.keys = Map.copyOf(keys);
    }

    /** Block ranges fetched from other servers so far. */
    public long sourceReads() {
        return fetched.get();
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
        return external(request) ? Mono.fromCallable(() -> stageFromSource(request)) : azurite.send(request);
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request, Context context) {
        return external(request) ? Mono.fromCallable(() -> stageFromSource(request)) : azurite.send(request, context);
    }

    @Override
    public HttpResponse sendSync(HttpRequest request, Context context) {
        if (!external(request)) {
            return azurite.sendSync(request, context);
        }
        try {
            return stageFromSource(request);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("reading the copy source failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the copy source", e);
        }
    }

    private boolean external(HttpRequest request) {
        String source = request.getHeaders().getValue(COPY_SOURCE);
        String query = request.getUrl().getQuery();
        if (request.getHttpMethod() != HttpMethod.PUT || source == null || query == null
                || !("&" + query + "&").contains("&comp=block&")) {
            return false;
        }
        URI uri = URI.create(source);
        return !(endpoint.getHost().equals(uri.getHost()) && endpoint.getPort() == uri.getPort());
    }

    private HttpResponse stageFromSource(HttpRequest request) throws IOException, InterruptedException {
        URL url = request.getUrl();
        String account = url.getPath().split("/")[1];
        String key = keys.get(account);
        String authorization = request.getHeaders().getValue(HttpHeaderName.AUTHORIZATION);
        if (key == null || authorization == null || !authorization.equals(new StorageSharedKeyCredential(account, key)
                .generateAuthorizationHeader(url, "PUT", request.getHeaders(), false))) {
            return error(request, 403, "AuthenticationFailed", "Server failed to authenticate the request.");
        }
        java.net.http.HttpRequest.Builder get = java.net.http.HttpRequest.newBuilder(
                URI.create(request.getHeaders().getValue(COPY_SOURCE))).GET();
        String range = request.getHeaders().getValue(SOURCE_RANGE);
        if (range != null) {
            get.header("Range", range);
        }
        String ifMatch = request.getHeaders().getValue(SOURCE_IF_MATCH);
        if (ifMatch != null) {
            get.header("If-Match", ifMatch);
        }
        java.net.http.HttpResponse<byte[]> source = sources.send(get.build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        fetched.incrementAndGet();
        if (source.statusCode() == 412) {
            return error(request, 412, "SourceConditionNotMet", "The source condition specified using HTTP "
                    + "conditional header(s) is not met.");
        }
        if (source.statusCode() != 200 && source.statusCode() != 206) {
            return error(request, source.statusCode(), "CannotVerifyCopySource", "The source answered "
                    + source.statusCode() + ".");
        }
        byte[] block = source.body();
        HttpHeaders headers = new HttpHeaders()
                .set(HttpHeaderName.CONTENT_LENGTH, Integer.toString(block.length))
                .set(HttpHeaderName.X_MS_DATE, request.getHeaders().getValue(HttpHeaderName.X_MS_DATE))
                .set(VERSION, request.getHeaders().getValue(VERSION));
        headers.set(HttpHeaderName.AUTHORIZATION, new StorageSharedKeyCredential(account, key)
                .generateAuthorizationHeader(url, "PUT", headers, false));
        HttpRequest putBlock = new HttpRequest(HttpMethod.PUT, url, headers, BinaryData.fromBytes(block));
        return azurite.sendSync(putBlock, Context.NONE);
    }

    private static HttpResponse error(HttpRequest request, int status, String code, String message) {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code + "</Code><Message>" + message
                + "</Message></Error>").getBytes(StandardCharsets.UTF_8);
        HttpHeaders headers = new HttpHeaders().set(HttpHeaderName.fromString("x-ms-error-code"), code)
                .set(HttpHeaderName.CONTENT_TYPE, "application/xml")
                .set(HttpHeaderName.CONTENT_LENGTH, Integer.toString(body.length));
        return new HttpResponse(request) {
            @Override
            public int getStatusCode() {
                return status;
            }

            @Override
            @Deprecated
            public String getHeaderValue(String name) {
                return headers.getValue(HttpHeaderName.fromString(name));
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }

            @Override
            public Flux<ByteBuffer> getBody() {
                return Flux.just(ByteBuffer.wrap(body));
            }

            @Override
            public Mono<byte[]> getBodyAsByteArray() {
                return Mono.just(body);
            }

            @Override
            public Mono<String> getBodyAsString() {
                return Mono.just(new String(body, StandardCharsets.UTF_8));
            }

            @Override
            public Mono<String> getBodyAsString(Charset charset) {
                return Mono.just(new String(body, charset));
            }
        };
    }
}
