package org.lakefsbackup.aws.logging;

import java.util.Locale;
import org.lakefsbackup.core.logging.SmallLoggingProvider;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * A tiny SLF4J 2 backend for Lambda: JSON lines on stdout, level from {@code LOG_LEVEL} (default INFO; third-party
 * loggers never below WARN, so no HTTP wire log can carry a credential). Chosen over a full logging framework for cold start.
 */
public final class JsonLoggingProvider extends SmallLoggingProvider {
    private final JsonLogSink sink = new JsonLogSink(System.out);

    @Override
    protected Level projectLevel() {
        return parse(System.getenv("LOG_LEVEL"));
    }

    @Override
    protected Logger newLogger(String name, Level level) {
        return new JsonLogger(name, sink, level);
    }

    static Level parse(String value) {
        if (value == null || value.isBlank()) {
            return Level.INFO;
        }
        try {
            return Level.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Level.INFO;
        }
    }
}
