package org.midonet.kube.controller.pusher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.midonet.kube.apply.ApplyException;
import org.midonet.kube.k8s.BackendResource;
import org.midonet.kube.k8s.ContentHash;
import org.midonet.kube.midonet.client.MidonetException;
import org.midonet.kube.midonet.model.Chain;

/** The pusher's pure parts: the applied hash, the retry delays, the failure reasons and the work queue. */
class PusherPartsTest {

    @Test
    void theHashIsSha256OfTheCanonicalJsonOfTheResourcesInOrder() {
        BackendResource a = new BackendResource("Chain", "", "{\"id\":\"x\"}");
        BackendResource b = new BackendResource("Rule", "p", "{}");

        assertThat(ContentHash.of(List.of()))
                .isEqualTo("4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945"); // sha256("[]")
        assertThat(ContentHash.of(List.of(a, b))).hasSize(64).isEqualTo(ContentHash.of(List.of(
                new BackendResource("Chain", null, "{\"id\":\"x\"}"), new BackendResource("Rule", "p", "{}"))));
        assertThat(ContentHash.of(List.of(a, b))).isNotEqualTo(ContentHash.of(List.of(b, a)));
        assertThat(ContentHash.of(List.of(BackendResource.of(new Chain(UUID.randomUUID(), "c", "t")))))
                .isNotEqualTo(ContentHash.of(List.of(a)));
    }

    @Test
    void retriesDoubleUpToTheCap() {
        PusherOptions options = PusherOptions.defaults().withRetry(Duration.ofMillis(100), Duration.ofMillis(1000));
        assertThat(List.of(1, 2, 3, 4, 5, 40).stream().map(n -> options.retryDelay(n).toMillis()))
                .containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L);
    }

    @Test
    void failuresAreClassifiedByWhatMidonetAnswered() {
        assertThat(PusherStatus.reasonOf(failure(0, true, true))).isEqualTo(PusherStatus.MIDONET_UNAVAILABLE);
        assertThat(PusherStatus.reasonOf(failure(503, true, true))).isEqualTo(PusherStatus.MIDONET_UNAVAILABLE);
        assertThat(PusherStatus.reasonOf(failure(404, true, true))).isEqualTo(PusherStatus.REFERENT_MISSING);
        assertThat(PusherStatus.reasonOf(failure(409, false, true))).as("a binding whose host has no tunnel zone yet")
                .isEqualTo(PusherStatus.REFERENT_MISSING);
        assertThat(PusherStatus.reasonOf(failure(400, false, false))).isEqualTo(PusherStatus.REJECTED);
        assertThat(PusherStatus.reasonOf(failure(401, false, false))).isEqualTo(PusherStatus.UNAUTHORIZED);
        assertThat(PusherStatus.terminal(PusherStatus.REJECTED)).isTrue();
        assertThat(PusherStatus.terminal(PusherStatus.MALFORMED_RESOURCE)).isTrue();
        assertThat(PusherStatus.terminal(PusherStatus.MIDONET_UNAVAILABLE)).isFalse();
    }

    private static ApplyException failure(int status, boolean causeRetriable, boolean retriable) {
        MidonetException cause = new MidonetException("POST", "/chains", status, "m", causeRetriable, null);
        return new ApplyException("ns/tr", "create Chain x", cause, retriable);
    }

    @Test
    void theQueueHandsOutEachKeyOnceByRankAndRequeuesOneAddedWhileActive() throws Exception {
        try (PusherQueue queue = new PusherQueue("test")) {
            queue.add("b", 5);
            queue.add("a", 9);
            queue.add("c", 1);
            queue.add("b", 5);
            assertThat(queue.idle()).isFalse();
            queue.open();

            assertThat(queue.take()).isEqualTo("c");
            assertThat(queue.take()).isEqualTo("b");
            queue.add("b", 5); // changed while being worked on: not handed out twice at once
            assertThat(queue.tryAcquire("b")).isFalse();
            assertThat(queue.take()).isEqualTo("a");
            assertThat(queue.depth()).isEqualTo(1);
            queue.done("b");
            assertThat(queue.take()).isEqualTo("b");
            queue.done("a");
            queue.done("b");
            queue.done("c");
            assertThat(queue.idle()).isTrue();

            assertThat(queue.tryAcquire("d")).isTrue();
            queue.addAfter("d", 1, Duration.ofMillis(10));
            Thread.sleep(100);
            assertThat(queue.idle()).isFalse(); // added while active: waits for done
            queue.done("d");
            assertThat(queue.take()).isEqualTo("d");
        }
    }
}
