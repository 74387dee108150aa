package org.midonet.kube.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.slf4j.Logger.ROOT_LOGGER_NAME;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class LogContextTest {

    @Test
    void namesTheObjectWhileTheWorkRunsAndRestoresTheOuterOne() {
        assertThat(LogContext.current()).isEmpty();

        LogContext.with("default", "web", () -> {
            assertThat(LogContext.current()).isEqualTo("default/web");
            assertThat(MDC.get(LogContext.NAMESPACE)).isEqualTo("default");
            assertThat(MDC.get(LogContext.NAME)).isEqualTo("web");
            String inner = LogContext.with(null, "worker-1", () -> LogContext.current());
            assertThat(inner).isEqualTo("worker-1");
            assertThat(LogContext.current()).isEqualTo("default/web");
        });
        assertThat(LogContext.current()).isEmpty();
        assertThat(MDC.get(LogContext.NAMESPACE)).isNull();
        assertThat(MDC.get(LogContext.NAME)).isNull();
    }

    @Test
    void isClearedWhenTheWorkThrows() {
        try {
            LogContext.with("default", "web", () -> {
                throw new IllegalStateException("boom");
            });
        } catch (IllegalStateException e) {
            assertThat(e).hasMessage("boom");
        }
        assertThat(LogContext.current()).isEmpty();
    }

    /** The shipped logback.xml prints the object after the logger name, and nothing there outside a context. */
    @Test
    void theShippedFormatPrintsTheObjectOfTheLine() {
        assertThat(line()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d{4} \\[main\\] INFO "
                + LogContextTest.class.getName() + " - pushed 3 objects\\R");
        assertThat(LogContext.with("default", "web", LogContextTest::line))
                .endsWith(" [main] INFO " + LogContextTest.class.getName() + " [default/web] - pushed 3 objects"
                        + System.lineSeparator());
        assertThat(LogContext.with(null, "worker-1", LogContextTest::line))
                .endsWith(" INFO " + LogContextTest.class.getName() + " [worker-1] - pushed 3 objects" + System.lineSeparator());
    }

    @Test
    void theShippedFormatGoesToStandardError() {
        assertThat(stderr().getTarget()).isEqualTo("System.err");
    }

    /** A line as the shipped console appender writes it, on a thread named main. */
    private static String line() {
        Logger logger = (Logger) LoggerFactory.getLogger(LogContextTest.class);
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.INFO, "pushed {} objects", null,
                new Object[] {3});
        event.setThreadName("main");
        return new String(stderr().getEncoder().encode(event), StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static ConsoleAppender<ILoggingEvent> stderr() {
        Logger root = (Logger) LoggerFactory.getLogger(ROOT_LOGGER_NAME);
        return (ConsoleAppender<ILoggingEvent>) root.getAppender("STDERR");
    }
}
