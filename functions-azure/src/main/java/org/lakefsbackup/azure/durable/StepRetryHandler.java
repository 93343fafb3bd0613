package org.lakefsbackup.azure.durable;

import com.microsoft.durabletask.RetryContext;
import com.microsoft.durabletask.RetryHandler;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.retry.RetryPolicy;

/**
 * The core's {@link RetryPolicy} rendered for durabletask: a failure of one of the core's retryable errors is
 * retried as the step's policy says ({@link RetryPolicy#STEP}: attempts, first delay, backoff rate, cap), a failure
 * the core does not know (the Functions host's own: a function timeout, a worker that went away) as
 * {@link RetryPolicy#HOST} (as the Step Functions definitions retry Lambda's own errors), and nothing else. The wait
 * is a durable timer of the policy's delay with full jitter drawn from a seed of the call, so a replay waits the
 * same. durabletask's own {@code RetryPolicy} retries every failure, non-retryable ones too, hence a handler.
 * One handler per call: it counts the call's failures itself.
 */
final class StepRetryHandler implements RetryHandler {
    private final RetryPolicy step;
    private final long seed;
    private int failures;

    StepRetryHandler(RetryPolicy step, long seed) {
        this.step = step;
        this.seed = seed;
    }

    @Override
    public boolean handle(RetryContext context) {
        failures++;
        Optional<ErrorCode> code = DurableErrors.code(context.getLastFailure());
        RetryPolicy policy = code.isEmpty() ? RetryPolicy.HOST : code.get().retryable() ? step : null;
        if (policy == null || failures >= policy.maxAttempts()) {
            return false;
        }
        Duration wait = delay(policy, failures, seed);
        if (!wait.isZero()) {
            context.getOrchestrationContext().createTimer(wait).await();
        }
        return true;
    }

    /** The wait before retry {@code retry} (1 for the first): the policy's delay, jittered from {@code seed}. */
    static Duration delay(RetryPolicy policy, int retry, long seed) {
        Duration nominal = policy.nominalDelay(retry);
        if (!policy.jitter() || nominal.isZero()) {
            return nominal;
        }
        return Duration.ofMillis(new SplittableRandom(seed * 31 + retry).nextLong(nominal.toMillis() + 1));
    }
}
