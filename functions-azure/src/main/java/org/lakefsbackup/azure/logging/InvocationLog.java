package org.lakefsbackup.azure.logging;

import java.util.function.Supplier;
import java.util.logging.Logger;
import org.slf4j.MDC;

/**
 * The Functions logger ({@code ExecutionContext.getLogger()}) of the invocation a thread works for, and the
 * correlation id (the orchestration instance) its messages carry. Threads a step starts inherit both.
 */
public final class InvocationLog {
    private static final InheritableThreadLocal<Logger> CURRENT = new InheritableThreadLocal<>();

    private InvocationLog() {
    }

    /**
     * Runs {@code work} with SLF4J messages going to {@code logger} (when not {@code null}) and carrying
     * {@code instance}.
     */
    public static <T> T with(Logger logger, String instance, Supplier<T> work) {
        Logger previous = CURRENT.get();
        String previousInstance = MDC.get(FunctionsLogger.INSTANCE);
        if (logger != null) {
            CURRENT.set(logger);
        }
        if (instance != null) {
            MDC.put(FunctionsLogger.INSTANCE, instance);
        }
        try {
            return work.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
            if (previousInstance == null) {
                MDC.remove(FunctionsLogger.INSTANCE);
            } else {
                MDC.put(FunctionsLogger.INSTANCE, previousInstance);
            }
        }
    }

    /** The invocation's logger, else the java.util.logging logger of that name (the worker's console). */
    static Logger logger(String name) {
        Logger current = CURRENT.get();
        return current != null ? current : Logger.getLogger(name);
    }
}
