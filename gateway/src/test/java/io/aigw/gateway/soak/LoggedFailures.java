package io.aigw.gateway.soak;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Records what the soak test must never see logged, whichever thread logs it: a buffer released
 * once too often ({@code IllegalReferenceCountException}, which Reactor Netty only logs, even when
 * the buffer belonged to another exchange), a blocking call on an event loop (BlockHound's
 * {@code BlockingOperationError}), and a failure Reactor had to drop because its stream had ended.
 * Attach after the Spring context started (Spring Boot resets Logback when it starts). Thread-safe.
 */
final class LoggedFailures extends AppenderBase<ILoggingEvent> {

    private static final List<String> FORBIDDEN = List.of(
            "io.netty.util.IllegalReferenceCountException", "reactor.blockhound.BlockingOperationError");

    private final List<String> failures = new ArrayList<>();

    /** Starts recording everything logged through the root logger. */
    static LoggedFailures attach() {
        LoggedFailures appender = new LoggedFailures();
        appender.setName("soak-logged-failures");
        appender.setContext((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory());
        appender.start();
        root().addAppender(appender);
        return appender;
    }

    /** Stops recording; returns what was recorded, one line per event. */
    synchronized List<String> detach() {
        root().detachAppender(this);
        stop();
        return List.copyOf(failures);
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
        String message = event.getFormattedMessage();
        if (message != null && message.contains("onErrorDropped")) {
            failures.add(event.getLoggerName() + ": " + message + " " + causes(event.getThrowableProxy()));
            return;
        }
        String causes = causes(event.getThrowableProxy());
        if (FORBIDDEN.stream().anyMatch(causes::contains) || (message != null && FORBIDDEN.stream().anyMatch(message::contains))) {
            failures.add(event.getLoggerName() + ": " + message + " " + causes);
        }
    }

    private static String causes(IThrowableProxy throwable) {
        StringBuilder out = new StringBuilder();
        for (IThrowableProxy t = throwable; t != null; t = t.getCause()) {
            out.append(" <- ").append(t.getClassName()).append(": ").append(t.getMessage());
            for (IThrowableProxy suppressed : t.getSuppressed()) {
                out.append(" (suppressed ").append(suppressed.getClassName()).append(')');
            }
        }
        return out.toString();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
