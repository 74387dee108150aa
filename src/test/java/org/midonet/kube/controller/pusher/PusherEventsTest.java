package org.midonet.kube.controller.pusher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.midonet.kube.k8s.Translation;

@EnableKubernetesMockClient(crud = true)
class PusherEventsTest {
    KubernetesClient client;

    @Test
    void recordsEventsOffTheCallersThreadAndCountsRepeats() {
        try (PusherEvents events = new PusherEvents(client, new SimpleMeterRegistry())) {
            Translation tr = translation("service.4.web");
            events.normal(tr, PusherEvents.UPDATE_PUSHED, "Translation Update pushed to the backend");
            events.normal(tr, PusherEvents.UPDATE_PUSHED, "Translation Update pushed to the backend");
            events.warning(translation("pod.4.db-0"), PusherEvents.UPDATE_ERROR, "Translation Update failed with error 500");

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events())
                    .extracting(e -> e.getInvolvedObject().getName() + " " + e.getType() + " " + e.getReason() + " x"
                            + e.getCount())
                    .containsExactlyInAnyOrder("service.4.web Normal TranslationUpdatePushed x2",
                            "pod.4.db-0 Warning TranslationUpdateError x1"));
        }
    }

    @Test
    void dropsAndCountsWhatExceedsTheQueueInsteadOfWaiting() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // one Event a day after the first: the writer holds one, the queue two, the rest is dropped
        TokenBucket daily = new TokenBucket(1.0 / 86_400, 1);
        try (PusherEvents events = new PusherEvents(client, registry, 2, daily)) {
            for (int i = 0; i < 10; i++) {
                events.normal(translation("service.4.s" + i), PusherEvents.UPDATE_PUSHED, "pushed");
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events()).hasSize(1));
            assertThat(registry.get(PusherEvents.DROPPED).counter().count()).isGreaterThanOrEqualTo(6);
        }
    }

    private List<Event> events() {
        return client.v1().events().inNamespace("default").list().getItems();
    }

    private static Translation translation(String name) {
        Translation tr = new Translation();
        tr.setMetadata(new ObjectMetaBuilder().withNamespace("default").withName(name).withUid("uid-" + name).build());
        return tr;
    }
}
