package org.midonet.kube.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessesTest {
    @Test
    void passesArgumentsAsTheyAreWithoutAShell() throws IOException {
        Processes.Outcome outcome = Processes.run(List.of("/bin/echo", "a;b", "$(id)", "`x`"), Duration.ofSeconds(5));
        assertThat(outcome.ok()).isTrue();
        assertThat(outcome.stdout()).isEqualTo("a;b $(id) `x`\n");
    }

    @Test
    void givesStdinAndOnlyTheEnvironmentItIsGiven() throws IOException {
        Processes.Outcome outcome = Processes.run(List.of("/usr/bin/env"), "ignored".getBytes(StandardCharsets.UTF_8),
                Map.of("ONLY", "this"), Duration.ofSeconds(5));
        assertThat(outcome.stdout()).isEqualTo("ONLY=this\n");
        assertThat(Processes.run(List.of("/bin/cat"), "in".getBytes(StandardCharsets.UTF_8), null, Duration.ofSeconds(5))
                .stdout()).isEqualTo("in");
    }

    @Test
    void killsAProgramThatTakesTooLong() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> Processes.run(List.of("/bin/sleep", "30"), Duration.ofMillis(300)))
                .isInstanceOf(IOException.class).hasMessageContaining("did not finish");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
}
