package org.midonet.kube.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.midonet.kube.midonet.client.MidonetClientConfig;
import org.slf4j.LoggerFactory;

class MidonetOptionsTest {

    private static MidonetOptions options(String api, boolean insecureHttp) {
        MidonetOptions options = new MidonetOptions();
        options.api = URI.create(api);
        options.username = "admin";
        options.password = "secret";
        options.insecureHttp = insecureHttp;
        return options;
    }

    @Test
    void aPlainHttpApiIsWarnedAboutUnlessSilenced() {
        assertThat(options("http://midonet.example:8080/midonet-api", false).insecureHttpWarning()).hasValueSatisfying(
                w -> assertThat(w).contains("http://midonet.example:8080", "in clear", "--midonet-insecure-http"));
        assertThat(options("http://midonet.example:8080/midonet-api", true).insecureHttpWarning()).isEmpty();
        assertThat(options("https://midonet.example/midonet-api", false).insecureHttpWarning()).isEmpty();
        assertThat(options("http://127.0.0.1:8181/midonet-api", false).insecureHttpWarning()).isEmpty();
        assertThat(options("http://localhost:8181/midonet-api", false).insecureHttpWarning()).isEmpty();
    }

    @Test
    void theWarningIsLoggedWhenTheClientIsConfigured() {
        Logger logger = (Logger) LoggerFactory.getLogger(MidonetOptions.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        logger.addAppender(events);
        Level level = logger.getLevel();
        logger.setLevel(Level.WARN);
        try {
            options("http://10.0.0.5:8080/midonet-api", false).config();
            options("https://10.0.0.5/midonet-api", false).config();
        } finally {
            logger.detachAppender(events);
            logger.setLevel(level);
        }
        assertThat(events.list).hasSize(1);
        assertThat(events.list.get(0).getLevel()).isEqualTo(Level.WARN);
        assertThat(events.list.get(0).getFormattedMessage()).contains("plain http");
    }

    @Test
    void aPasswordFileIsReadAtStartAndNamedAtEveryLoginAndAMissingOneIsAClearError(@TempDir Path dir) throws Exception {
        MidonetOptions options = options("https://midonet.example/midonet-api", false);
        options.passwordFile = dir.resolve("password");
        assertThatThrownBy(options::config).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--midonet-password-file: no such file: " + options.passwordFile);

        Files.writeString(options.passwordFile, "from-secret\n");
        MidonetClientConfig config = options.config();
        assertThat(config.password()).isEqualTo("from-secret");
        assertThat(config.passwordFile()).isEqualTo(options.passwordFile);
    }

    @Test
    void theFlagIsOnTheCommandLine() {
        assertThat(CommandRun.of("controllers", "--help").out()).contains("--midonet-insecure-http");
    }
}
