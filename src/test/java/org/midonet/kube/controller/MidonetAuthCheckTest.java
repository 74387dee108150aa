package org.midonet.kube.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.midonet.kube.midonet.client.MidonetClient;
import org.midonet.kube.midonet.client.MidonetClientConfig;
import org.midonet.kube.midonet.client.MidonetException;
import org.midonet.kube.sim.MidonetSim;
import org.midonet.kube.sim.SimHost;
import org.midonet.kube.sim.SimOptions;
import org.slf4j.LoggerFactory;

class MidonetAuthCheckTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(MidonetAuthCheck.class);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    private Level level;

    /** Whatever level another test left the root at. */
    @BeforeEach
    void capture() {
        level = logger.getLevel();
        logger.setLevel(Level.INFO);
        events.start();
        logger.addAppender(events);
    }

    @AfterEach
    void release() {
        logger.detachAppender(events);
        logger.setLevel(level);
    }

    @Test
    void aWrongPasswordMakesTheProcessNotReadyWithTheReason() throws Exception {
        try (MidonetSim sim = MidonetSim.start(SimOptions.builder().port(0).host(SimHost.named("worker-1"))
                .basicAuth("admin", "right").build());
                MidonetClient wrong = client(sim, "s3cret-x");
                MidonetClient right = client(sim, "right")) {
            MidonetAuthCheck refused = new MidonetAuthCheck(wrong::hosts, "admin", Duration.ofMinutes(1),
                    Duration.ofSeconds(15));
            assertThat(refused.checkNow()).isEqualTo(MidonetAuthCheck.Outcome.REFUSED);
            assertThat(refused.check().ready()).isFalse();
            assertThat(refused.check().reason()).contains("MidoNet refuses the credentials of user 'admin'", "POST /login: 401",
                    "checked again every 15 s").doesNotContain("s3cret-x");
            assertThat(events.list).anySatisfy(e -> {
                assertThat(e.getLevel()).isEqualTo(Level.ERROR);
                assertThat(e.getFormattedMessage()).contains("refuses the credentials", "/readyz is not ready");
            });

            MidonetAuthCheck accepted = new MidonetAuthCheck(right::hosts, "admin", Duration.ofMinutes(1),
                    Duration.ofSeconds(15));
            assertThat(accepted.checkNow()).isEqualTo(MidonetAuthCheck.Outcome.ACCEPTED);
            assertThat(accepted.check().ready()).isTrue();
        }
    }

    @Test
    void recoversWithoutARestartOnceMidonetAcceptsTheCredentials() {
        AtomicInteger calls = new AtomicInteger();
        AtomicReference<MidonetException> answer = new AtomicReference<>(
                new MidonetException("POST", "/login", 401, "login as admin refused: bad password", false, null));
        try (MidonetAuthCheck check = new MidonetAuthCheck(() -> {
            calls.incrementAndGet();
            MidonetException e = answer.get();
            if (e != null) {
                throw e;
            }
        }, "admin", Duration.ofMillis(20), Duration.ofMillis(20)).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !check.check().ready());
            await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() >= 3);
            assertThat(events.list.stream().filter(e -> e.getLevel() == Level.ERROR)).hasSize(1);
            answer.set(null);
            await().atMost(Duration.ofSeconds(10)).until(() -> check.check().ready());
            await().atMost(Duration.ofSeconds(10)).until(() -> events.list.stream()
                    .anyMatch(e -> e.getFormattedMessage().contains("accepts the credentials of user 'admin' again")));
        }
    }

    @Test
    void eachTimeMidonetStartsRefusingTheCredentialsTheListenerHearsWhyOnce() {
        AtomicReference<MidonetException> answer = new AtomicReference<>(
                new MidonetException("POST", "/login", 401, "login as admin refused: bad password", false, null));
        List<String> heard = new ArrayList<>();
        MidonetAuthCheck check = new MidonetAuthCheck(() -> {
            if (answer.get() != null) {
                throw answer.get();
            }
        }, "admin", Duration.ofMinutes(1), Duration.ofSeconds(15)).onRefused(heard::add);

        check.checkNow();
        check.checkNow();
        assertThat(heard).singleElement().asString().contains("MidoNet refuses the credentials of user 'admin'", "401");
        MidonetException refused = answer.getAndSet(null);
        check.checkNow();
        answer.set(refused);
        check.checkNow();
        assertThat(heard).hasSize(2);
    }

    @Test
    void anUnreachableMidonetSaysNothingAboutTheCredentials() {
        MidonetAuthCheck check = new MidonetAuthCheck(() -> {
            throw new MidonetException("GET", "/hosts", 0, "no answer from midonet: connect timed out", true, null);
        }, "admin", Duration.ofMinutes(1), Duration.ofSeconds(15));
        assertThat(check.checkNow()).isEqualTo(MidonetAuthCheck.Outcome.UNKNOWN);
        assertThat(check.check().ready()).isTrue();
        assertThat(events.list).singleElement().satisfies(e -> assertThat(e.getLevel()).isEqualTo(Level.WARN));
        check.checkNow();
        assertThat(events.list).hasSize(1);
    }

    private static MidonetClient client(MidonetSim sim, String password) {
        return new MidonetClient(MidonetClientConfig.of(sim.apiUri()).withCredentials("admin", password, null),
                new SimpleMeterRegistry());
    }
}
