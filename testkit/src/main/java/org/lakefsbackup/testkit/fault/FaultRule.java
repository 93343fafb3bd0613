package org.lakefsbackup.testkit.fault;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * When a {@link FaultInjectingProxy} injects a fault. A rule applies to requests whose method is in
 * {@code methods} (all when empty) and whose request target (path and query, as sent) contains a match of
 * {@code target} (all when {@code null}). Of those, it fires on the {@code nth} one (1-based) if {@code nth > 0},
 * otherwise on each with probability {@code rate}, drawn from the proxy's seeded random source.
 *
 * @param fault   what to inject
 * @param rate    probability per matching request, 0 to 1; ignored when {@code nth > 0}
 * @param nth     fire once, on this matching request (1-based), or 0 to use {@code rate}
 * @param methods HTTP methods the rule applies to, upper case; empty for all
 * @param target  a pattern found in the request target, or {@code null} for all
 * @param latency the delay for {@link Fault#LATENCY}, zero otherwise
 */
public record FaultRule(Fault fault, double rate, long nth, Set<String> methods, Pattern target, Duration latency) {
    public FaultRule {
        Objects.requireNonNull(fault, "fault");
        if (rate < 0 || rate > 1 || Double.isNaN(rate)) {
            throw new IllegalArgumentException("rate must be between 0 and 1: " + rate);
        }
        if (nth < 0) {
            throw new IllegalArgumentException("nth must not be negative: " + nth);
        }
        methods = methods.stream().map(m -> m.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        latency = latency == null ? Duration.ZERO : latency;
        if (latency.isNegative() || fault == Fault.LATENCY && latency.isZero()) {
            throw new IllegalArgumentException("a LATENCY rule needs a positive latency");
        }
    }

    /** {@code fault} on every request, at rate 1, until narrowed with the {@code with...}/{@code only...} methods. */
    public static FaultRule of(Fault fault) {
        return new FaultRule(fault, 1.0, 0, Set.of(), null, Duration.ZERO);
    }

    /** 503 SlowDown at {@code rate}. */
    public static FaultRule slowDown(double rate) {
        return of(Fault.SLOW_DOWN).withRate(rate);
    }

    /** 500 InternalError at {@code rate}. */
    public static FaultRule serverError(double rate) {
        return of(Fault.SERVER_ERROR).withRate(rate);
    }

    /** A connection reset at {@code rate}. */
    public static FaultRule connectionReset(double rate) {
        return of(Fault.CONNECTION_RESET).withRate(rate);
    }

    /** {@code delay} added to every request. */
    public static FaultRule latency(Duration delay) {
        return new FaultRule(Fault.LATENCY, 1.0, 0, Set.of(), null, delay);
    }

    public FaultRule withRate(double newRate) {
        return new FaultRule(fault, newRate, 0, methods, target, latency);
    }

    /** Fires once, on the {@code n}th matching request (1-based). */
    public FaultRule onNthRequest(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1: " + n);
        }
        return new FaultRule(fault, rate, n, methods, target, latency);
    }

    public FaultRule onlyMethods(String... newMethods) {
        return new FaultRule(fault, rate, nth, Set.of(newMethods), target, latency);
    }

    /** Applies only to requests whose target (path and query) contains a match of {@code regex}. */
    public FaultRule onlyTargets(String regex) {
        return new FaultRule(fault, rate, nth, methods, Pattern.compile(regex), latency);
    }

    boolean matches(String method, String requestTarget) {
        return (methods.isEmpty() || methods.contains(method))
                && (target == null || target.matcher(requestTarget).find());
    }
}
