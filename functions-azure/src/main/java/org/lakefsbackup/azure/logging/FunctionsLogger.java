package org.lakefsbackup.azure.logging;

import java.util.logging.LogRecord;
import org.lakefsbackup.core.logging.SmallLogger;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.MessageFormatter;

/** One SLF4J logger of {@link FunctionsLoggingProvider}. */
final class FunctionsLogger extends SmallLogger {
    private static final long serialVersionUID = 1L;
    /** The MDC key of the correlation id. */
    static final String INSTANCE = "instance";

    FunctionsLogger(String name, Level threshold) {
        super(name, threshold);
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable throwable) {
        String message = MessageFormatter.basicArrayFormat(pattern, arguments);
        String instance = MDC.get(INSTANCE);
        LogRecord record = new LogRecord(switch (level) {
            case ERROR -> java.util.logging.Level.SEVERE;
            case WARN -> java.util.logging.Level.WARNING;
            case INFO -> java.util.logging.Level.INFO;
            case DEBUG -> java.util.logging.Level.FINE;
            case TRACE -> java.util.logging.Level.FINER;
        }, instance == null ? message : "[" + instance + "] " + message);
        record.setLoggerName(name);
        record.setThrown(throwable);
        InvocationLog.logger(name).log(record);
    }
}
