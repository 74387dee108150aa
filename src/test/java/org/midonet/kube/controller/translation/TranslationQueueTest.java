package org.midonet.kube.controller.translation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.midonet.kube.testing.K8s;

/** The translation's queue of changed objects: one entry per object, batches by time window and size. */
class TranslationQueueTest {
    private static final Duration NO_WAIT = Duration.ZERO;

    private final PendingObjects pending = new PendingObjects();

    @Test
    void anObjectChangedSeveralTimesIsOneEntryWithItsLatestStateAndFirstArrival() throws Exception {
        Service v1 = service("web", "10.96.0.1");
        Service v2 = service("web", "10.96.0.2");
        Service db = service("db", "10.96.0.3");
        pending.upsert(v1);
        long afterFirstArrival = System.nanoTime();
        pending.upsert(db);
        pending.upsert(v2);

        assertThat(pending.depth()).isEqualTo(2);
        PendingObjects.Batch batch = pending.take(NO_WAIT, NO_WAIT, 10);
        assertThat(batch.upserts()).containsExactly(v2, db);
        assertThat(batch.changes().get(0).arrivedNanos()).isLessThanOrEqualTo(afterFirstArrival);
        assertThat(pending.depth()).isZero();
    }

    @Test
    void aDeletionReplacesEarlierChangesAndACreationAfterItWins() throws Exception {
        Service web = service("web", "10.96.0.1");
        pending.upsert(web);
        pending.delete(web);
        assertThat(pending.take(NO_WAIT, NO_WAIT, 10).deletes()).containsExactly(web);

        pending.delete(web);
        pending.upsert(web);
        PendingObjects.Batch batch = pending.take(NO_WAIT, NO_WAIT, 10);
        assertThat(batch.deletes()).isEmpty();
        assertThat(batch.upserts()).containsExactly(web);
    }

    @Test
    void aBatchTakesWhatArrivesWithinTheWindowUpToItsMaximumSize() throws Exception {
        CompletableFuture<PendingObjects.Batch> taken =
                CompletableFuture.supplyAsync(() -> take(Duration.ofSeconds(5), Duration.ofMillis(300), 3));
        pending.upsert(service("a", "10.96.0.1"));
        Thread.sleep(50);
        pending.upsert(service("b", "10.96.0.2"));
        assertThat(taken.get(5, TimeUnit.SECONDS).changes()).hasSize(2);

        for (int i = 0; i < 5; i++) {
            pending.upsert(service("s" + i, "10.96.1." + i));
        }
        long start = System.nanoTime();
        assertThat(pending.take(NO_WAIT, Duration.ofSeconds(5), 3).changes()).hasSize(3);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("a full batch does not wait")
                .isLessThan(Duration.ofSeconds(1));
        assertThat(pending.depth()).isEqualTo(2);
    }

    @Test
    void aLoneChangeIsTakenOnceQuietNotAfterTheWholeWindow() throws Exception {
        pending.upsert(service("web", "10.96.0.20"));
        long start = System.nanoTime();
        assertThat(pending.take(NO_WAIT, Duration.ofMillis(20), Duration.ofSeconds(30), 10).changes()).hasSize(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("far less than the 30 s window")
                .isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void changesThatKeepComingAreGatheredIntoOneBatchUpToTheWindow() throws Exception {
        pending.upsert(service("s0", "10.96.1.0"));
        CompletableFuture<Void> more = CompletableFuture.runAsync(() -> {
            for (int i = 1; i < 10; i++) {
                sleep(20);
                pending.upsert(service("s" + i, "10.96.1." + i));
            }
        });
        // each change comes within the quiet period of the one before: the batch waits for all of them
        PendingObjects.Batch batch = pending.take(NO_WAIT, Duration.ofSeconds(2), Duration.ofSeconds(60), 100);
        more.get(5, TimeUnit.SECONDS);
        assertThat(batch.changes()).hasSize(10);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void takingWithNothingPendingReturnsAnEmptyBatchAfterTheIdleTimeOrWhenWokenUp() throws Exception {
        assertThat(pending.take(Duration.ofMillis(20), NO_WAIT, 10).isEmpty()).isTrue();
        CompletableFuture<PendingObjects.Batch> taken =
                CompletableFuture.supplyAsync(() -> take(Duration.ofSeconds(30), NO_WAIT, 10));
        Thread.sleep(50);
        pending.wakeUp();
        assertThat(taken.get(5, TimeUnit.SECONDS).isEmpty()).isTrue();
    }

    private PendingObjects.Batch take(Duration idle, Duration window, int max) {
        try {
            return pending.take(idle, window, max);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Service service(String name, String clusterIp) {
        return K8s.service("default", name, clusterIp, K8s.port("http", "TCP", 80));
    }
}
