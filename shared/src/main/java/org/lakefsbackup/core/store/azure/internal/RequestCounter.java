package org.lakefsbackup.core.store.azure.internal;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.lakefsbackup.core.store.StoreStats;
import reactor.core.publisher.Mono;

/**
 * Counts HTTP requests by Blob service operation ({@code PutBlob}, {@code PutBlockFromUrl}, {@code ListBlobs}...),
 * every attempt once, and attempts beyond the first as retries. Add both {@link #perCall()} and {@link #perRetry()}
 * to a client's pipeline.
 */
public final class RequestCounter {
    private static final String ATTEMPTS = "org.lakefsbackup.azure.attempts";
    private static final HttpHeaderName COPY_SOURCE = HttpHeaderName.fromString("x-ms-copy-source");
    private static final HttpHeaderName REQUIRES_SYNC = HttpHeaderName.fromString("x-ms-requires-sync");

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> retries = new ConcurrentHashMap<>();

    /** Starts an attempt count for each call. */
    public HttpPipelinePolicy perCall() {
        return new HttpPipelinePolicy() {
            @Override
            public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
                context.setData(ATTEMPTS, new AtomicInteger());
                return next.process();
            }

            @Override
            public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
                context.setData(ATTEMPTS, new AtomicInteger());
                return next.processSync();
            }

            @Override
            public HttpPipelinePosition getPipelinePosition() {
                return HttpPipelinePosition.PER_CALL;
            }
        };
    }

    /** Counts each attempt. */
    public HttpPipelinePolicy perRetry() {
        return new HttpPipelinePolicy() {
            @Override
            public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
                count(context);
                return next.process();
            }

            @Override
            public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
                count(context);
                return next.processSync();
            }

            @Override
            public HttpPipelinePosition getPipelinePosition() {
                return HttpPipelinePosition.PER_RETRY;
            }
        };
    }

    public StoreStats snapshot() {
        // retries first: a request is counted before its retry, so no type shows more retries than requests
        Map<String, Long> retried = new TreeMap<>();
        retries.forEach((op, n) -> retried.put(op, n.sum()));
        Map<String, Long> counts = new TreeMap<>();
        requests.forEach((op, n) -> counts.put(op, n.sum()));
        return new StoreStats(counts, retried);
    }

    private void count(HttpPipelineCallContext context) {
        String operation = operation(context.getHttpRequest());
        requests.computeIfAbsent(operation, k -> new LongAdder()).increment();
        context.getData(ATTEMPTS).ifPresent(a -> {
            if (((AtomicInteger) a).incrementAndGet() > 1) {
                retries.computeIfAbsent(operation, k -> new LongAdder()).increment();
            }
        });
    }

    /** The Blob service operation a request performs, by method, {@code comp}/{@code restype} and copy headers. */
    static String operation(HttpRequest request) {
        HttpMethod method = request.getHttpMethod();
        String query = request.getUrl().getQuery() == null ? "" : request.getUrl().getQuery();
        String comp = parameter(query, "comp");
        String restype = parameter(query, "restype");
        boolean copySource = request.getHeaders().getValue(COPY_SOURCE) != null;
        if (method == HttpMethod.HEAD) {
            return "container".equals(restype) ? "GetContainerProperties" : "GetBlobProperties";
        }
        if (method == HttpMethod.GET) {
            if ("list".equals(comp)) {
                return "container".equals(restype) ? "ListBlobs" : "ListContainers";
            }
            return comp == null ? "GetBlob" : "Get" + capitalize(comp);
        }
        if (method == HttpMethod.DELETE) {
            return "container".equals(restype) ? "DeleteContainer" : "DeleteBlob";
        }
        if (method == HttpMethod.POST && "userdelegationkey".equals(comp)) {
            return "GetUserDelegationKey";
        }
        if (method == HttpMethod.PUT) {
            if ("container".equals(restype) && comp == null) {
                return "CreateContainer";
            }
            if ("block".equals(comp)) {
                return copySource ? "PutBlockFromUrl" : "PutBlock";
            }
            if ("blocklist".equals(comp)) {
                return "PutBlockList";
            }
            if ("copy".equals(comp)) {
                return "AbortCopyBlob";
            }
            if (comp == null && copySource) {
                boolean sync = "true".equalsIgnoreCase(request.getHeaders().getValue(REQUIRES_SYNC));
                return sync ? "CopyBlobFromUrl" : "CopyBlob";
            }
            if (comp == null) {
                return "PutBlob";
            }
            return "Set" + capitalize(comp);
        }
        return method + (comp == null ? "" : " " + comp);
    }

    private static String parameter(String query, String name) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                return eq < 0 ? "" : pair.substring(eq + 1);
            }
        }
        return null;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
