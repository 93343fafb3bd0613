package org.lakefsbackup.core.store.s3;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.lakefsbackup.core.store.StoreStats;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts HTTP requests by operation, each attempt once, attempts beyond the first as retries, and answers that ask
 * the client to slow down (503 SlowDown, 429).
 */
final class RequestCounter implements ExecutionInterceptor {
    private static final ExecutionAttribute<AtomicInteger> ATTEMPTS =
            new ExecutionAttribute<>("org.lakefsbackup.s3.attempts");

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> retries = new ConcurrentHashMap<>();
    private final LongAdder throttled = new LongAdder();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(ATTEMPTS, new AtomicInteger());
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        AtomicInteger attempts = attributes.getAttribute(ATTEMPTS);
        sent(operation == null ? "unknown" : operation, attempts != null && attempts.incrementAndGet() > 1);
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        if (isThrottling(context.httpResponse().statusCode())) {
            throttled.increment();
        }
    }

    static boolean isThrottling(int status) {
        return status == 503 || status == 429;
    }

    /** Counts a throttling answer to a request sent without the SDK client's pipeline. */
    void throttled() {
        throttled.increment();
    }

    long throttledAnswers() {
        return throttled.sum();
    }

    /**
     * Counts one attempt of an {@code operation} request, {@code retry} when it is not the first: the SDK client's
     * attempts, and those sent without its pipeline ({@link LeanCopy}).
     */
    void sent(String operation, boolean retry) {
        requests.computeIfAbsent(operation, k -> new LongAdder()).increment();
        if (retry) {
            retries.computeIfAbsent(operation, k -> new LongAdder()).increment();
        }
    }

    StoreStats snapshot() {
        // retries first: a request is counted before its retry, so no type shows more retries than requests
        Map<String, Long> retried = new TreeMap<>();
        retries.forEach((op, n) -> retried.put(op, n.sum()));
        Map<String, Long> counts = new TreeMap<>();
        requests.forEach((op, n) -> counts.put(op, n.sum()));
        return new StoreStats(counts, retried);
    }
}
