package org.lakefsbackup.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.io.PrintWriter;
import java.nio.charset.Charset;

/**
 * Logback's configuration until the command sets its own ({@link Logging#configure}): warnings and errors to stderr
 * with time, level, run id and logger; the AWS SDK at WARN, the JDK HTTP client of the Azure SDK at ERROR (it warns
 * on every request that it sets Content-Length itself, as it should). Found by logback through
 * {@code META-INF/services}, it replaces an XML file, whose parsing took a tenth of the CLI's start-up.
 */
public final class LogbackDefaults extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Logging.StderrAppender appender = new Logging.StderrAppender(
                new PrintWriter(new java.io.OutputStreamWriter(System.err, Charset.defaultCharset()), true), 1);
        appender.setContext(context);
        appender.setName("stderr");
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.WARN);
        context.getLogger("software.amazon.awssdk").setLevel(Level.WARN);
        context.getLogger("com.azure.core.http.jdk.httpclient.JdkHttpClient").setLevel(Level.ERROR);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
