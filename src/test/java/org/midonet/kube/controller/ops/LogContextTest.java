package org.midonet.kube.controller.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogContextTest {

    @Test
    void namesTheObjectWhileTheWorkRunsAndRestoresTheOuterOne() {
        assertThat(LogContext.current()).isEmpty();
        assertThat(ContextLogger.prefixed("pushed {}")).isEqualTo("pushed {}");

        LogContext.with("default", "web", () -> {
            assertThat(LogContext.current()).isEqualTo("default/web");
            assertThat(ContextLogger.prefixed("pushed {}")).isEqualTo("default/web: pushed {}");
            String inner = LogContext.with(null, "worker-1", () -> LogContext.current());
            assertThat(inner).isEqualTo("worker-1");
            assertThat(LogContext.current()).isEqualTo("default/web");
        });
        assertThat(LogContext.current()).isEmpty();
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

    @Test
    void loggingWithAContextDoesNotFail() {
        ContextLogger log = ContextLogger.of(LogContextTest.class);
        LogContext.with("default", "web", () -> log.info("a line about {} with an error", "web", new IllegalStateException("shown")));
        assertThat(log.logger().getName()).isEqualTo(LogContextTest.class.getName());
    }
}
