package org.lakefsbackup.azure.logging;

import org.lakefsbackup.core.logging.SmallLoggingProvider;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * A tiny SLF4J 2 backend for Azure Functions: every message goes to the Functions logger of the invocation running
 * on the thread ({@link InvocationLog}), so the host sends it to Application Insights as a trace of that invocation,
 * prefixed with the orchestration instance (MDC {@code instance}), the correlation id of a run. Project loggers log
 * from INFO, third-party loggers from WARN (no HTTP wire log can carry a credential); {@code host.json}'s
 * {@code logging.logLevel} filters further.
 */
public final class FunctionsLoggingProvider extends SmallLoggingProvider {
    @Override
    protected Level projectLevel() {
        return Level.INFO;
    }

    @Override
    protected Logger newLogger(String name, Level level) {
        return new FunctionsLogger(name, level);
    }
}
