package org.lakefsbackup.aws.logging;

import java.util.Map;
import org.lakefsbackup.core.logging.SmallLogger;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.MessageFormatter;

/** Writes one JSON object per event to the function's log (stdout): time, level, logger, message, MDC, error. */
final class JsonLogger extends SmallLogger {
    private static final long serialVersionUID = 1L;

    private final transient JsonLogSink sink;

    JsonLogger(String name, JsonLogSink sink, Level threshold) {
        super(name, threshold);
        this.sink = sink;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable throwable) {
        var tuple = MessageFormatter.arrayFormat(pattern, arguments, throwable);
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        sink.write(level.name(), name, tuple.getMessage(), mdc, throwable != null ? throwable : tuple.getThrowable());
    }
}
