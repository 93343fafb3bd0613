package org.lakefsbackup.core.logging;

import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;

/**
 * A logger of a {@link SmallLoggingProvider}: enabled from one level up, markers ignored; subclasses write the
 * events ({@code handleNormalizedLoggingCall}).
 */
public abstract class SmallLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    private final int threshold;

    protected SmallLogger(String name, Level threshold) {
        this.name = name;
        this.threshold = threshold.toInt();
    }

    private boolean enabled(Level level) {
        return level.toInt() >= threshold;
    }

    @Override
    public final boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public final boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public final boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public final boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public final boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected final String getFullyQualifiedCallerName() {
        return null;
    }
}
