package org.midonet.kube.controller.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ShutdownTest {
    private final List<String> stopped = new CopyOnWriteArrayList<>();

    private AutoCloseable component(String name) {
        return () -> stopped.add(name);
    }

    @Test
    void stopsInTheReverseOfTheStartOrderOnce() {
        Shutdown shutdown = new Shutdown(Duration.ofSeconds(5));
        shutdown.register("ops", component("ops"));
        shutdown.register("midonet-client", component("midonet-client"));
        shutdown.onShutdown("leader-election", () -> stopped.add("leader-election"));
        assertThat(shutdown.isShuttingDown()).isFalse();

        List<Shutdown.Outcome> outcomes = shutdown.stopAll();
        assertThat(stopped).containsExactly("leader-election", "midonet-client", "ops");
        assertThat(outcomes).extracting(Shutdown.Outcome::name).containsExactly("leader-election", "midonet-client", "ops");
        assertThat(outcomes).allMatch(Shutdown.Outcome::stopped);
        assertThat(shutdown.isShuttingDown()).isTrue();

        shutdown.close();
        assertThat(stopped).hasSize(3);
        assertThatThrownBy(() -> shutdown.register("late", component("late"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aComponentThatHangsIsLeftBehindAndTheOthersStillStop() {
        CountDownLatch never = new CountDownLatch(1);
        Shutdown shutdown = new Shutdown(Duration.ofMillis(300));
        shutdown.register("first", component("first"));
        shutdown.register("stuck", () -> never.await());
        shutdown.register("failing", () -> {
            throw new IllegalStateException("boom");
        });

        long start = System.nanoTime();
        List<Shutdown.Outcome> outcomes = shutdown.stopAll();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(outcomes).extracting(Shutdown.Outcome::name).containsExactly("failing", "stuck", "first");
        assertThat(outcomes.get(0).stopped()).isTrue();
        assertThat(outcomes.get(0).error()).hasMessage("boom");
        assertThat(outcomes.get(1).stopped()).isFalse();
        assertThat(outcomes.get(2).stopped()).isTrue();
        assertThat(stopped).containsExactly("first");
        assertThat(took).as("the overall limit, plus the minimum for the last component").isLessThan(Duration.ofMillis(1500));
    }
}
