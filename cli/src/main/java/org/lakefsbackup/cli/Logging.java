package org.lakefsbackup.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.slf4j.LoggerFactory;

/**
 * Where the core's log goes in the CLI: stderr of the invocation. By default only warnings and errors, each as one
 * {@code warning: ...} or {@code error: ...} line (the same line a person reads for a warning the command reports,
 * so each warning appears once); {@code -v} adds milestones and {@code -vv} per-object detail, both with time, level,
 * run id and logger; stack traces only with {@code -vv}.
 */
final class Logging {
    private static final String APPENDER = "lakefs-backup-console";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    private Logging() {
    }

    static void configure(PrintWriter err, int verbosity) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        StderrAppender appender = new StderrAppender(err, verbosity);
        appender.setContext(context);
        appender.setName(APPENDER);
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.WARN);
        context.getLogger("org.lakefsbackup").setLevel(verbosity >= 2 ? Level.DEBUG
                : verbosity == 1 ? Level.INFO : Level.WARN);
    }

    /** Writes events to the invocation's stderr. */
    static final class StderrAppender extends AppenderBase<ILoggingEvent> {
        private final PrintWriter err;
        private final int verbosity;

        StderrAppender(PrintWriter err, int verbosity) {
            this.err = err;
            this.verbosity = verbosity;
        }

        @Override
        protected void append(ILoggingEvent event) {
            StringBuilder line = new StringBuilder();
            if (verbosity == 0) {
                line.append(event.getLevel().isGreaterOrEqual(Level.ERROR) ? "error: " : "warning: ")
                        .append(event.getFormattedMessage());
            } else {
                String run = event.getMDCPropertyMap().getOrDefault("run", "");
                String logger = event.getLoggerName();
                line.append(TIME.format(Instant.ofEpochMilli(event.getTimeStamp()))).append(' ')
                        .append(String.format("%-5s", event.getLevel())).append(" [").append(run).append("] ")
                        .append(logger.substring(logger.lastIndexOf('.') + 1)).append(" - ")
                        .append(event.getFormattedMessage());
            }
            IThrowableProxy thrown = event.getThrowableProxy();
            synchronized (err) {
                err.println(line);
                if (thrown != null && verbosity >= 2) {
                    err.print(ThrowableProxyUtil.asString(thrown));
                    err.println();
                }
                err.flush();
            }
        }
    }
}
