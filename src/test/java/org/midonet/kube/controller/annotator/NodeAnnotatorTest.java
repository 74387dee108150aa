package org.midonet.kube.controller.annotator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.midonet.kube.common.Annotations;
import org.midonet.kube.midonet.client.MidonetClient;
import org.midonet.kube.midonet.client.MidonetClientConfig;
import org.midonet.kube.sim.MidonetSim;
import org.midonet.kube.sim.SimHost;
import org.midonet.kube.sim.SimOptions;

@EnableKubernetesMockClient(crud = true)
class NodeAnnotatorTest {
    private static final Duration RETRY = Duration.ofMillis(200);
    private static final String HOST_ID = Annotations.HOST_ID;
    private static final String ZONE = Annotations.TUNNEL_ZONE_ID;
    private static final String TUNNEL_IP = Annotations.TUNNEL_ENDPOINT_IP;

    KubernetesClient client;
    KubernetesMockServer server;

    private MidonetSim sim;
    private MidonetClient midonet;
    private NodeAnnotator annotator;

    @BeforeEach
    void startEmulator() throws IOException {
        sim = MidonetSim.start(SimOptions.builder().port(0).host(SimHost.named("worker-1")).host(SimHost.named("master-1"))
                .build());
        midonet = new MidonetClient(MidonetClientConfig.of(sim.apiUri()).withCredentials("admin", "admin", null)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)), new SimpleMeterRegistry());
    }

    @AfterEach
    void stop() {
        if (annotator != null) {
            annotator.close();
        }
        midonet.close();
        sim.close();
    }

    private NodeAnnotator start(AtomicBoolean mayWrite) {
        annotator = new NodeAnnotator(client, midonet, RETRY, mayWrite::get).start();
        await().atMost(Duration.ofSeconds(5)).until(annotator::hasSynced);
        return annotator;
    }

    private NodeAnnotator start() {
        return start(new AtomicBoolean(true));
    }

    @Test
    void annotatesTheHostIdTheDefaultZoneAndTheFirstInternalIp() {
        client.nodes().resource(node("worker-1", Map.of(), address("Hostname", "worker-1"), address("ExternalIP", "203.0.113.5"),
                address("InternalIP", "192.168.10.12"), address("InternalIP", "192.168.10.99"))).create();
        start();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(annotations("worker-1"))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                HOST_ID, SimHost.idFor("worker-1").toString(), ZONE, "", TUNNEL_IP, "192.168.10.12")));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                client.v1().events().inNamespace("default").list().getItems())
                .extracting(Event::getReason, e -> e.getInvolvedObject().getName())
                .containsExactly(Tuple.tuple(NodeAnnotator.EVENT_REASON, "worker-1")));
    }

    @Test
    void keepsWhatAnOperatorSet() {
        client.nodes().resource(node("master-1", Map.of(HOST_ID, "11111111-2222-3333-4444-555555555555", TUNNEL_IP, "10.9.9.9"),
                address("InternalIP", "192.168.10.11"))).create();
        client.nodes().resource(node("worker-1", Map.of(HOST_ID, "x", ZONE, "z", TUNNEL_IP, "10.8.8.8"),
                address("InternalIP", "192.168.10.12"))).create();
        String untouched = client.nodes().withName("worker-1").get().getMetadata().getResourceVersion();
        start();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(annotations("master-1")).containsEntry(ZONE, ""));
        assertThat(annotations("master-1")).containsEntry(HOST_ID, "11111111-2222-3333-4444-555555555555")
                .containsEntry(TUNNEL_IP, "10.9.9.9");
        assertThat(client.nodes().withName("worker-1").get().getMetadata().getResourceVersion())
                .as("a fully annotated Node is not written")
                .isEqualTo(untouched);
        assertThat(annotations("worker-1"))
                .containsExactlyInAnyOrderEntriesOf(Map.of(HOST_ID, "x", ZONE, "z", TUNNEL_IP, "10.8.8.8"));
    }

    @Test
    void picksUpAHostThatRegistersLater() {
        client.nodes().resource(node("late-1", Map.of(), address("InternalIP", "192.168.10.20"))).create();
        start();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(annotations("late-1")).containsEntry(ZONE, "")
                .containsEntry(TUNNEL_IP, "192.168.10.20").doesNotContainKey(HOST_ID));
        assertThat(annotator.waitingForHost()).containsExactly("late-1");

        sim.addHost(SimHost.named("late-1"));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(annotations("late-1"))
                .containsEntry(HOST_ID, SimHost.idFor("late-1").toString()));
        assertThat(annotator.waitingForHost()).isEmpty();
    }

    @Test
    void writesOnlyWhenAnAnnotationIsMissing() {
        client.nodes().resource(node("worker-1", Map.of(), address("InternalIP", "192.168.10.12"))).create();
        start();
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(annotations("worker-1")).containsKeys(HOST_ID, ZONE, TUNNEL_IP));

        // an unrelated change is an update event; it must not cause a write
        client.nodes().withName("worker-1")
                .edit(n -> new NodeBuilder(n).editMetadata().addToLabels("role", "worker").endMetadata().build());
        String afterLabel = client.nodes().withName("worker-1").get().getMetadata().getResourceVersion();
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(
                () -> client.nodes().withName("worker-1").get().getMetadata().getResourceVersion().equals(afterLabel));

        // an annotation removed by an operator comes back; the others are left alone
        client.nodes().withName("worker-1").edit(n -> new NodeBuilder(n).editMetadata().removeFromAnnotations(TUNNEL_IP)
                .addToAnnotations(ZONE, "custom").endMetadata().build());
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(annotations("worker-1")).containsEntry(TUNNEL_IP, "192.168.10.12"));
        assertThat(annotations("worker-1")).containsEntry(ZONE, "custom");
    }

    @Test
    void writesNothingAndAsksMidonetNothingWhileAnotherReplicaLeads() {
        client.nodes().resource(node("worker-1", Map.of(), address("InternalIP", "192.168.10.12"))).create();
        AtomicBoolean leader = new AtomicBoolean(false);
        sim.resetStats();
        start(leader);

        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).until(() -> annotations("worker-1").isEmpty());
        assertThat(sim.stats().requests()).isZero();

        leader.set(true);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(annotations("worker-1")).containsKeys(HOST_ID, ZONE, TUNNEL_IP));
    }

    @Test
    void survivesAMidonetOutage() {
        sim.faults().startOutage(Duration.ofSeconds(1));
        client.nodes().resource(node("worker-1", Map.of(), address("InternalIP", "192.168.10.12"))).create();
        start();

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(annotations("worker-1")).containsKeys(ZONE, TUNNEL_IP));
        await().atMost(Duration.ofSeconds(8)).untilAsserted(() -> assertThat(annotations("worker-1"))
                .containsEntry(HOST_ID, SimHost.idFor("worker-1").toString()));
        assertThat(annotator.waitingForHost()).as("an unreachable MidoNet is not a missing host").isEmpty();
    }

    @Test
    void aNodeWithoutInternalIpGetsTheOthersAndItsAddressWhenItReportsOne() {
        client.nodes().resource(node("worker-1", Map.of(), address("Hostname", "worker-1"))).create();
        start();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(annotations("worker-1")).containsKeys(HOST_ID, ZONE)
                .doesNotContainKey(TUNNEL_IP));

        client.nodes().withName("worker-1").edit(n -> new NodeBuilder(n).editStatus()
                .addToAddresses(address("InternalIP", "192.168.10.12")).endStatus().build());
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(annotations("worker-1")).containsEntry(TUNNEL_IP, "192.168.10.12"));
    }

    @Test
    void theTunnelEndpointIsTheFirstIpv4InternalIp() {
        assertThat(NodeAnnotator.tunnelEndpointIp(node("n", Map.of(), address("InternalIP", "fd00::12"),
                address("ExternalIP", "203.0.113.5"), address("InternalIP", "10.0.0.12"), address("InternalIP", "10.0.0.13"))))
                .contains("10.0.0.12");
        assertThat(NodeAnnotator.tunnelEndpointIp(node("n", Map.of(), address("ExternalIP", "203.0.113.5")))).isEmpty();
        assertThat(NodeAnnotator.tunnelEndpointIp(node("n", Map.of(), address("InternalIP", "not-an-ip")))).isEmpty();
        assertThat(NodeAnnotator.tunnelEndpointIp(new NodeBuilder().withNewMetadata().withName("n").endMetadata().build()))
                .isEmpty();
    }

    private Map<String, String> annotations(String node) {
        Node n = client.nodes().withName(node).get();
        Map<String, String> annotations = n.getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }

    private static Node node(String name, Map<String, String> annotations, NodeAddress... addresses) {
        return new NodeBuilder().withNewMetadata().withName(name).withAnnotations(annotations.isEmpty() ? null : annotations)
                .endMetadata()
                .withNewSpec().withPodCIDR("10.244.1.0/24").endSpec()
                .withNewStatus().withAddresses(List.of(addresses)).endStatus().build();
    }

    private static NodeAddress address(String type, String address) {
        return new NodeAddress(address, type);
    }
}
