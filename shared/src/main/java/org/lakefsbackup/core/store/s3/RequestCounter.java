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
    private final LongAdder retries = new LongAdder();
    private final LongAdder throttled = new LongAdder();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(ATTEMPTS, new AtomicInteger());
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        requests.computeIfAbsent(operation == null ? "unknown" : operation, k -> new LongAdder()).increment();
        AtomicInteger attempts = attributes.getAttribute(ATTEMPTS);
        if (attempts != null && attempts.incrementAndGet() > 1) {
            retries.increment();
        }
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

    /** Counts a request sent without the SDK client's pipeline ({@link LeanCopy}). */
    void sent(String operation, boolean retry) {
        requests.computeIfAbsent(operation, k -> new LongAdder()).increment();
        if (retry) {
            retries.increment();
        }
    }

    StoreStats snapshot() {
        Map<String, Long> counts = new TreeMap<>();
        requests.forEach((op, n) -> counts.put(op, n.sum()));
        return new StoreStats(counts, retries.sum());
    }
}
