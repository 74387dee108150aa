package org.midonet.kube.controller.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.midonet.kube.k8s.Translation;

@EnableKubernetesMockClient(crud = true)
class EventRecorderTest {
    KubernetesClient client;

    @Test
    void recordsEventsOffTheCallersThreadAndCountsRepeats() {
        try (EventRecorder events = new EventRecorder(client, new SimpleMeterRegistry())) {
            Translation tr = translation("service.4.web");
            events.normal(tr, "TranslationUpdatePushed", "Translation Update pushed to the backend");
            events.normal(tr, "TranslationUpdatePushed", "Translation Update pushed to the backend");
            events.warning(translation("pod.4.db-0"), "TranslationUpdateError", "Translation Update failed with error 500");

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
        try (EventRecorder events = new EventRecorder(client, registry, 2, daily)) {
            for (int i = 0; i < 10; i++) {
                events.normal(translation("service.4.s" + i), "TranslationUpdatePushed", "pushed");
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events()).hasSize(1));
            assertThat(registry.get(EventRecorder.DROPPED).counter().count()).isGreaterThanOrEqualTo(6);
        }
    }

    @Test
    void recordsTheEventsOfClusterScopedObjectsInTheDefaultNamespace() {
        try (EventRecorder events = new EventRecorder(client, new SimpleMeterRegistry())) {
            Node node = new NodeBuilder().withNewMetadata().withName("node-1").withUid("uid-node-1").endMetadata().build();
            events.warning(node, "NetworkConflict", "spec.podCIDR: overlaps");

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events())
                    .extracting(e -> e.getInvolvedObject().getKind() + " " + e.getInvolvedObject().getName() + " "
                            + e.getInvolvedObject().getUid() + " " + e.getType() + " " + e.getMessage())
                    .containsExactly("Node node-1 uid-node-1 Warning spec.podCIDR: overlaps"));
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
