package org.midonet.kube.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.midonet.kube.k8s.ManifestReader;

/**
 * The network the translation gives works: the sample cluster translated, applied to the MidoNet emulator,
 * read back through its API, and packets traced through it as a MidoNet agent would forward them.
 */
class ConnectivityTest {
    private static final String WEB_ON_WORKER_1 = "pod/default/web-7c9f8d6b5-2lq8n";
    private static final String DB_ON_WORKER_2 = "pod/default/db-0";
    private static final String SHOP_ON_MASTER = "pod/default/shop-6f7d9c8b4-k2j9x";

    private static SampleNetwork network;

    @BeforeAll
    static void start() throws Exception {
        network = SampleNetwork.ours();
    }

    @AfterAll
    static void stop() {
        network.close();
    }

    @Test
    void podReachesPodOnTheSameNodeAndHearsBack() {
        List<Tracer.Outcome> outcomes = network.send(WEB_ON_WORKER_1, "pod/kube-system/coredns-5d78c9869d-q9w4z:53", Packet.UDP);

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertDelivered(o, "pod kube-system/coredns-5d78c9869d-q9w4z", "10.1.1.20", "10.1.1.10:53");
            assertRepliedTo(o, "pod default/web-7c9f8d6b5-2lq8n", "10.1.1.10:53");
        });
    }

    @Test
    void podReachesPodOnAnotherNodeAndHearsBack() {
        List<Tracer.Outcome> outcomes = network.send(WEB_ON_WORKER_1, "pod/default/db-0:5432");

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertDelivered(o, "pod default/db-0", "10.1.1.20", "10.1.2.30:5432");
            assertThat(o.forward().steps()).anyMatch(s -> s.kind().equals("route") && s.text().contains("10.1.2.0/24"));
            assertRepliedTo(o, "pod default/web-7c9f8d6b5-2lq8n", "10.1.2.30:5432");
        });
    }

    /** Every ready endpoint of the port, and nothing else, from a client on a node with none of them. */
    @ParameterizedTest(name = "{0}:{1}")
    @CsvSource({"kube-system/kube-dns,dns", "kube-system/kube-dns,dns-tcp", "kube-system/kube-dns,metrics",
        "default/web,http", "default/web,https", "default/shop,http", "default/kubernetes,https"})
    void aServicePortReachesEveryReadyEndpointAndTheReplyComesFromTheServiceAddress(String service, String port) {
        TraceEndpoints.Destination destination = network.endpoints.destination("svc/" + service + ":" + port);
        List<Tracer.Outcome> outcomes = network.send(DB_ON_WORKER_2, "svc/" + service + ":" + port);

        assertThat(reachedAddresses(outcomes)).isEqualTo(readyEndpoints(service, port));
        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.forward().deliveries()).as(TraceText.of(o.forward())).hasSize(1);
            assertRepliedTo(o, "pod default/db-0", destination.ip() + ":" + destination.port());
        });
    }

    @Test
    void theNotReadyEndpointGetsNothing() {
        assertThat(reachedAddresses(network.send(DB_ON_WORKER_2, "svc/default/web:80"))).doesNotContain("10.1.2.21:8080");
    }

    @Test
    void aPodSentToItselfByItsServiceSeesTheGatewayAndHearsTheServiceAddressBack() {
        List<Tracer.Outcome> outcomes = network.send(SHOP_ON_MASTER, "svc/default/shop:8080");

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertDelivered(o, "pod default/shop-6f7d9c8b4-k2j9x", "10.1.0.1", "10.1.0.20:80");
            assertRepliedTo(o, "pod default/shop-6f7d9c8b4-k2j9x", "10.96.45.67:8080");
        });
    }

    @Test
    void hairpinAmongOtherEndpoints() {
        List<Tracer.Outcome> outcomes = network.send(WEB_ON_WORKER_1, "svc/default/web:80");

        assertThat(SampleNetwork.deliveredTo(outcomes))
                .containsExactlyInAnyOrder("pod default/web-7c9f8d6b5-2lq8n", "pod default/web-7c9f8d6b5-8hx4t");
        assertThat(outcomes).allSatisfy(o -> assertRepliedTo(o, "pod default/web-7c9f8d6b5-2lq8n", "10.96.12.34:80"));
    }

    @Test
    void nodeReachesPodsOnItsBridgeAndBeyond() {
        Tracer.Outcome local = network.send("node/worker-1", WEB_ON_WORKER_1 + ":8080").get(0);
        Tracer.Outcome remote = network.send("node/worker-1", "pod/default/db-0:5432").get(0);

        assertDelivered(local, "pod default/web-7c9f8d6b5-2lq8n", "10.1.1.2", "10.1.1.20:8080");
        assertRepliedTo(local, "node worker-1 (midokube-mido)", "10.1.1.20:8080");
        assertDelivered(remote, "pod default/db-0", "10.1.1.2", "10.1.2.30:5432");
        assertRepliedTo(remote, "node worker-1 (midokube-mido)", "10.1.2.30:5432");
    }

    @Test
    void podReachesNodeAddresses() {
        Tracer.Outcome nodeIp = network.send(DB_ON_WORKER_2, "10.1.1.2:22").get(0);
        Tracer.Outcome internalIp = network.send(DB_ON_WORKER_2, "192.168.10.12:10250").get(0);
        Tracer.Outcome externalIp = network.send(DB_ON_WORKER_2, "203.0.113.12:443").get(0);

        assertDelivered(nodeIp, "node worker-1 (midokube-mido)", "10.1.2.30", "10.1.1.2:22");
        assertDelivered(internalIp, "node worker-1 (midokube-mido)", "10.1.2.30", "192.168.10.12:10250");
        assertDelivered(externalIp, "node worker-1 (midokube-mido)", "10.1.2.30", "203.0.113.12:443");
        assertRepliedTo(internalIp, "pod default/db-0", "192.168.10.12:10250");
    }

    @Test
    void podReachesTheApiServerThroughTheKubernetesService() {
        List<Tracer.Outcome> outcomes = network.send(WEB_ON_WORKER_1, "svc/default/kubernetes:443");

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertDelivered(o, "node master-1 (midokube-mido)", "10.1.1.20", "192.168.10.11:6443");
            assertRepliedTo(o, "pod default/web-7c9f8d6b5-2lq8n", "10.96.0.1:443");
        });
    }

    @Test
    void theApiServersOwnNodeReachesItThroughTheServiceToo() {
        List<Tracer.Outcome> outcomes = network.send("node/master-1", "svc/default/kubernetes:443");

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertDelivered(o, "node master-1 (midokube-mido)", "10.1.0.1", "192.168.10.11:6443");
            assertRepliedTo(o, "node master-1 (midokube-mido)", "10.96.0.1:443");
        });
    }

    @Test
    void anUnknownPortOfAServiceAddressIsNotTranslated() {
        List<Tracer.Outcome> outcomes = network.send(WEB_ON_WORKER_1, "10.96.0.10:9999", Packet.UDP);

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.forward().steps()).noneMatch(s -> s.kind().equals("nat"));
            assertThat(o.forward().delivered()).isFalse();
            assertThat(o.forward().drop().reason()).contains("no route to 10.96.0.10");
        });
    }

    @Test
    void sctpIsForwardedButNotTranslatedSinceMidonetDoesNotNatIt() {
        Trace trace = network.send(WEB_ON_WORKER_1, "10.96.12.34:80", Packet.SCTP).get(0).forward();

        assertThat(trace.steps()).anyMatch(s -> s.text().contains("translates only TCP, UDP and ICMP"));
        assertThat(trace.delivered()).isFalse();
    }

    static void assertDelivered(Tracer.Outcome outcome, String label, String sourceIp, String destination) {
        Trace forward = outcome.forward();
        assertThat(forward.deliveries()).as(TraceText.of(forward)).singleElement().satisfies(d -> {
            assertThat(d.label()).isEqualTo(label);
            assertThat(d.packet().srcIp()).isEqualTo(sourceIp);
            assertThat(d.packet().dstIp() + ":" + d.packet().dstPort()).isEqualTo(destination);
        });
    }

    /** The reply reached the sender, coming from the address the sender sent to. */
    static void assertRepliedTo(Tracer.Outcome outcome, String senderLabel, String from) {
        Trace reply = outcome.reply();
        assertThat(reply).as("no reply traced: " + TraceText.of(outcome.forward())).isNotNull();
        assertThat(reply.deliveries()).as(TraceText.of(reply)).singleElement().satisfies(d -> {
            assertThat(d.label()).isEqualTo(senderLabel);
            assertThat(d.packet().srcIp() + ":" + d.packet().srcPort()).isEqualTo(from);
            assertThat(d.packet().dstIp()).isEqualTo(outcome.forward().sent().srcIp());
            assertThat(d.packet().dstPort()).isEqualTo(outcome.forward().sent().srcPort());
        });
    }

    static Set<String> reachedAddresses(List<Tracer.Outcome> outcomes) {
        Set<String> reached = new TreeSet<>();
        for (Tracer.Outcome o : outcomes) {
            o.forward().deliveries().forEach(d -> reached.add(d.packet().dstIp() + ":" + d.packet().dstPort()));
        }
        return reached;
    }

    /** From the samples' EndpointSlices: ready addresses with the port's number. */
    static Set<String> readyEndpoints(String service, String portName) {
        String namespace = service.substring(0, service.indexOf('/'));
        String name = service.substring(service.indexOf('/') + 1);
        Set<String> ready = new TreeSet<>();
        for (var object : ManifestReader.read(List.of("samples/"), System.in).objects()) {
            if (object instanceof EndpointSlice slice && namespace.equals(slice.getMetadata().getNamespace())
                    && name.equals(slice.getMetadata().getLabels().get("kubernetes.io/service-name"))) {
                int port = slice.getPorts().stream().filter(p -> portName.equals(p.getName())).findFirst().orElseThrow()
                        .getPort();
                for (Endpoint e : slice.getEndpoints()) {
                    if (!Boolean.FALSE.equals(e.getConditions().getReady())) {
                        e.getAddresses().forEach(a -> ready.add(a + ":" + port));
                    }
                }
            }
        }
        assertThat(ready).as("ready endpoints of " + service + " " + portName).isNotEmpty();
        return ready;
    }
}
