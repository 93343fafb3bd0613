package org.lakefsbackup.azure.logging;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * A tiny SLF4J 2 backend for Azure Functions: every message goes to the Functions logger of the invocation running
 * on the thread ({@link InvocationLog}), so the host sends it to Application Insights as a trace of that invocation,
 * prefixed with the orchestration instance (MDC {@code instance}), the correlation id of a run. Project loggers log
 * from INFO, third-party loggers from WARN (no HTTP wire log can carry a credential); {@code host.json}'s
 * {@code logging.logLevel} filters further.
 */
public final class FunctionsLoggingProvider implements SLF4JServiceProvider {
    private ILoggerFactory loggerFactory;
    private IMarkerFactory markerFactory;
    private MDCAdapter mdcAdapter;

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        markerFactory = new BasicMarkerFactory();
        mdcAdapter = new BasicMDCAdapter();
        ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
        loggerFactory = name -> loggers.computeIfAbsent(name, n -> new FunctionsLogger(n,
                n.startsWith("org.lakefsbackup") ? Level.INFO : Level.WARN));
    }
}
