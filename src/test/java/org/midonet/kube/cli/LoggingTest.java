package org.midonet.kube.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.slf4j.Logger.ROOT_LOGGER_NAME;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoggingTest {

    @Test
    void setsTheLevelOfTheRootLoggerAtOnce() {
        Logger root = (Logger) LoggerFactory.getLogger(ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        try {
            Logging.level("DEBUG");
            assertThat(root.getLevel()).isEqualTo(Level.DEBUG);
            assertThat(LoggerFactory.getLogger(LoggingTest.class).isDebugEnabled()).isTrue();
            Logging.level("error");
            assertThat(LoggerFactory.getLogger(LoggingTest.class).isWarnEnabled()).isFalse();
            // libraries keep the levels logback.xml gives them
            assertThat(LoggerFactory.getLogger("org.kie.api.builder.Message").isErrorEnabled()).isFalse();
        } finally {
            root.setLevel(before);
        }
    }

    @Test
    void refusesAnUnknownLevel() {
        assertThatThrownBy(() -> Logging.level("verbose")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown log level 'verbose'");
    }
}
