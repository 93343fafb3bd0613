package org.lakefsbackup.core.logging;

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
 * The base of the function hosts' small SLF4J 2 backends (chosen over a logging framework for cold start): SLF4J's
 * own marker factory and MDC, one logger per name. The project's loggers log from {@link #projectLevel()};
 * third-party loggers never below WARN, so no HTTP wire log can carry a credential.
 */
public abstract class SmallLoggingProvider implements SLF4JServiceProvider {
    private static final String PROJECT = "org.lakefsbackup";

    private ILoggerFactory loggerFactory;
    private IMarkerFactory markerFactory;
    private MDCAdapter mdcAdapter;

    /** The level of the project's own loggers. */
    protected abstract Level projectLevel();

    /** A logger of that name logging from that level. */
    protected abstract Logger newLogger(String name, Level level);

    @Override
    public final ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    @Override
    public final IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public final MDCAdapter getMDCAdapter() {
        return mdcAdapter;
    }

    @Override
    public final String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public final void initialize() {
        markerFactory = new BasicMarkerFactory();
        mdcAdapter = new BasicMDCAdapter();
        Level level = projectLevel();
        ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
        loggerFactory = name -> loggers.computeIfAbsent(name, n -> newLogger(n,
                n.startsWith(PROJECT) || level.toInt() > Level.WARN.toInt() ? level : Level.WARN));
    }
}
