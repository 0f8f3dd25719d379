package vn.election.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * Collects the ERROR lines logged while it is open (any logger), so a test can say "nothing was
 * logged as an error"; in: log events, out: one line per event with the class of its exception.
 */
public final class CapturedErrorLogs implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final AbstractAppender appender;
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);

    public CapturedErrorLogs() {
        appender = new AbstractAppender("captured-errors-" + System.identityHashCode(this), null, null, true,
                Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                if (event.getLevel().isMoreSpecificThan(Level.ERROR)) {
                    Throwable thrown = event.getThrown();
                    lines.add(event.getLoggerName() + ": " + event.getMessage().getFormattedMessage()
                            + (thrown == null ? "" : " (" + thrown + ")"));
                }
            }
        };
        appender.start();
        context.getConfiguration().getRootLogger().addAppender(appender, Level.ERROR, null);
        // Loggers configured on their own (vn.election, io.netty) do not pass through the root's level check
        // for their own appenders, but they do reach the root's appenders by additivity.
        context.updateLoggers();
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        context.getConfiguration().getRootLogger().removeAppender(appender.getName());
        context.updateLoggers();
        appender.stop();
    }
}
