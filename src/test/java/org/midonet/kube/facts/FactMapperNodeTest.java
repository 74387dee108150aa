package org.midonet.kube.facts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.midonet.kube.facts.MappedAssertions.assertOnlyFact;
import static org.midonet.kube.facts.MappedAssertions.assertRejected;
import static org.midonet.kube.facts.MappedAssertions.longName;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddressBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.midonet.kube.common.Annotations;
import org.midonet.kube.common.Cidr;
import org.midonet.kube.testing.K8s;

class FactMapperNodeTest {
    private static final String HOST = "44fb4381-c99d-4389-86c3-fdca765bcbde";
    private static final String ZONE = "0b3f4c8e-7a55-4e3a-9d5e-2f1c1a2b3c4d";
    private static final String HOST_ID = "metadata.annotations[midonet.org/host-id]";
    private static final String ZONE_ID = "metadata.annotations[midonet.org/tunnel-zone-id]";
    private static final String TUNNEL_IP = "metadata.annotations[midonet.org/tunnel-endpoint-ip]";
    private static final String MAC = "metadata.annotations[midonet.org/mac-address]";

    private static NodeBuilder node(String podCidr) {
        return K8s.nodeBuilder("n1", podCidr, HOST);
    }

    private static Node withAnnotation(String key, String value) {
        return node("10.1.0.0/24").editMetadata().addToAnnotations(key, value).endMetadata().build();
    }

    private static Node withAddresses(String... typeAndAddress) {
        NodeBuilder b = node("10.1.0.0/24");
        var status = b.withNewStatus();
        for (String ta : typeAndAddress) {
            String[] p = ta.split("=", 2);
            status.addToAddresses(new NodeAddressBuilder().withType(p[0]).withAddress(p[1]).build());
        }
        return status.endStatus().build();
    }

    // --- happy path ---

    @Test
    void mapsNameUidHostIdAndPodCidr() {
        NodeFact fact = assertOnlyFact(node("10.1.0.0/24").build(), NodeFact.class);

        assertThat(fact.name()).isEqualTo("n1");
        assertThat(fact.uid()).isEqualTo(K8s.uid("node/n1"));
        assertThat(fact.hostId()).isEqualTo(UUID.fromString(HOST));
        assertThat(fact.podCidr()).isEqualTo(new Cidr("10.1.0.0", 24));
        assertThat(fact.addresses()).isEmpty();
        assertThat(fact.tunnelZoneId()).isNull();
        assertThat(fact.tunnelEndpointIp()).isNull();
        assertThat(fact.mac()).isNull();
    }

    @Test
    void gatewayIsThePodCidrPlusOneAndTheNodeIpPlusTwo() {
        NodeFact fact = assertOnlyFact(node("10.244.3.0/24").build(), NodeFact.class);

        assertThat(fact.gatewayIp()).isEqualTo("10.244.3.1");
        assertThat(fact.nodeIp()).isEqualTo("10.244.3.2");
    }

    @Test
    void acceptsASlash30TheSmallestPodCidrWithRoomForGatewayAndNode() {
        NodeFact fact = assertOnlyFact(node("10.1.0.4/30").build(), NodeFact.class);

        assertThat(fact.gatewayIp()).isEqualTo("10.1.0.5");
        assertThat(fact.nodeIp()).isEqualTo("10.1.0.6");
    }

    @Test
    void acceptsAnUppercaseHostId() {
        NodeFact fact = assertOnlyFact(K8s.node("n1", "10.1.0.0/24", HOST.toUpperCase()), NodeFact.class);

        assertThat(fact.hostId()).isEqualTo(UUID.fromString(HOST));
    }

    @Test
    void keepsInternalAndExternalIpv4AddressesInOrderWithoutIpv6HostnamesOrDuplicates() {
        Node node = withAddresses("Hostname=n1.example.com", "InternalIP=192.168.1.10", "InternalIP=fd00::10",
                "ExternalIP=203.0.113.7", "InternalDNS=n1.internal", "ExternalIP=192.168.1.10");

        NodeFact fact = assertOnlyFact(node, NodeFact.class);

        assertThat(fact.addresses()).containsExactly(
                new NodeFact.NodeAddress("InternalIP", "192.168.1.10"),
                new NodeFact.NodeAddress("ExternalIP", "203.0.113.7"));
    }

    @Test
    void mapsTunnelZoneTunnelEndpointAndLowercasedMac() {
        Node node = node("10.1.0.0/24").editMetadata()
                .addToAnnotations(Annotations.TUNNEL_ZONE_ID, ZONE)
                .addToAnnotations(Annotations.TUNNEL_ENDPOINT_IP, "192.168.1.10")
                .addToAnnotations(Annotations.MAC_ADDRESS, "AA:BB:cc:DD:ee:0F")
                .endMetadata().build();

        NodeFact fact = assertOnlyFact(node, NodeFact.class);

        assertThat(fact.tunnelZoneId()).isEqualTo(UUID.fromString(ZONE));
        assertThat(fact.tunnelEndpointIp()).isEqualTo("192.168.1.10");
        assertThat(fact.mac()).isEqualTo("aa:bb:cc:dd:ee:0f");
    }

    @Test
    void anEmptyTunnelZoneIdMeansNone() {
        NodeFact fact = assertOnlyFact(withAnnotation(Annotations.TUNNEL_ZONE_ID, ""), NodeFact.class);

        assertThat(fact.tunnelZoneId()).isNull();
    }

    @Test
    void aNodeIsNotNamespacedEvenIfItsMetadataSaysSo() {
        Node node = node("10.1.0.0/24").editMetadata().withNamespace("default").endMetadata().build();

        assertThat(FactMapper.refOf(node)).isEqualTo(new ObjectRef("Node", null, "n1"));
        assertOnlyFact(node, NodeFact.class);
    }

    // --- fine but not translated ---

    @ParameterizedTest
    @NullAndEmptySource
    void aNodeWithoutHostIdIsANotice(String hostId) {
        Node node = K8s.nodeBuilder("n1", "10.1.0.0/24", null)
                .editMetadata().addToAnnotations(hostId == null ? "other" : Annotations.HOST_ID, hostId).endMetadata()
                .build();

        Problem notice = assertWaiting(node, HOST_ID);

        assertThat(notice.message()).contains("not set");
    }

    @Test
    void aNodeWithoutAnyAnnotationIsANotice() {
        assertWaiting(K8s.node("n1", "10.1.0.0/24", null), HOST_ID);
    }

    @Test
    void theRestOfANodeWithoutHostIdIsNotCheckedYet() {
        assertWaiting(K8s.node("n1", "garbage", null), HOST_ID);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void aNodeWithoutPodCidrYetIsWaiting(String podCidr) {
        Problem notice = assertWaiting(node(podCidr).build(), "spec.podCIDR");

        assertThat(notice.message()).isEqualTo("is not set (yet); the node joins the cluster network once it is");
    }

    @Test
    void aNodeWithoutSpecIsWaiting() {
        assertWaiting(K8s.nodeBuilder("n1", null, HOST).withSpec(null).build(), "spec.podCIDR");
    }

    /** A notice on the field and one WaitingNode fact: the Node's Pods wait for it (rules/conflicts.drl). */
    private static Problem assertWaiting(Node node, String field) {
        Mapped mapped = FactMapper.map(node);
        assertThat(mapped.facts()).containsExactly(new WaitingNode("n1"));
        assertThat(mapped.problems()).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(Problem.Severity.NOTICE);
            assertThat(p.field()).isEqualTo(field);
        });
        return mapped.problems().get(0);
    }

    // --- malformed ---

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "10.1.0.0", "10.1.0.0/", "/24", "10.1.0/24", "300.1.0.0/24", "010.1.0.0/24",
        "10.1.0.0/33", "10.1.0.0/-1", "10.1.0.0/+24", "10.1.0.0/024", "10.1.0.0/24 ", " 10.1.0.0/24",
        "10.1.0.0/24/8", "10.1.0.0/999999999999"})
    void rejectsAnUnparsablePodCidr(String podCidr) {
        Problem p = assertRejected(node(podCidr).build(), "Node n1", "spec.podCIDR");

        assertThat(p.message()).contains("'" + podCidr + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fd00:10:244::/64", "fd00:10:244:1::/64", "::/0"})
    void rejectsAnIpv6PodCidr(String podCidr) {
        Problem p = assertRejected(node(podCidr).build(), "Node n1", "spec.podCIDR");

        assertThat(p.message()).contains(podCidr).contains("IPv6");
    }

    @Test
    void rejectsAPodCidrWithHostBitsSet() {
        Problem p = assertRejected(node("10.1.0.5/24").build(), "Node n1", "spec.podCIDR");

        assertThat(p.message()).contains("10.1.0.5/24").contains("host bits").contains("10.1.0.0/24");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.1.0.0/31", "10.1.0.2/31", "10.1.0.1/32"})
    void rejectsAPodCidrTooSmallForGatewayAndNode(String podCidr) {
        Problem p = assertRejected(node(podCidr).build(), "Node n1", "spec.podCIDR");

        assertThat(p.message()).contains(podCidr).contains("too small");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "1-2-3-4-5", "44fb4381c99d438986c3fdca765bcbde",
        "44fb4381-c99d-4389-86c3-fdca765bcbde ", "{44fb4381-c99d-4389-86c3-fdca765bcbde}",
        "44fb4381-c99d-4389-86c3-fdca765bcbdz", " "})
    void rejectsAnInvalidHostId(String hostId) {
        Problem p = assertRejected(K8s.node("n1", "10.1.0.0/24", hostId), "Node n1", HOST_ID);

        assertThat(p.message()).isEqualTo("'" + hostId + "' is not a UUID");
    }

    @ParameterizedTest
    @ValueSource(strings = {"zone-a", "1-2-3-4-5", "0b3f4c8e7a554e3a9d5e2f1c1a2b3c4d"})
    void rejectsAnInvalidTunnelZoneId(String zone) {
        Problem p = assertRejected(withAnnotation(Annotations.TUNNEL_ZONE_ID, zone), "Node n1", ZONE_ID);

        assertThat(p.message()).contains(zone).contains("UUID");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "192.168.1.256", "192.168.1", "192.168.01.10", "fd00::10",
        "192.168.1.10/24"})
    void rejectsAnUnparsableTunnelEndpointIp(String ip) {
        assertRejected(withAnnotation(Annotations.TUNNEL_ENDPOINT_IP, ip), "Node n1", TUNNEL_IP);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "aa:bb:cc:dd:ee", "aa:bb:cc:dd:ee:ff:00", "aa-bb-cc-dd-ee-ff",
        "aabb.ccdd.eeff", "aabbccddeeff", "gg:bb:cc:dd:ee:ff", "a:b:c:d:e:f", " aa:bb:cc:dd:ee:ff"})
    void rejectsAnUnparsableMac(String mac) {
        Problem p = assertRejected(withAnnotation(Annotations.MAC_ADDRESS, mac), "Node n1", MAC);

        assertThat(p.message()).contains("'" + mac + "'").contains("MAC");
    }

    @ParameterizedTest
    @ValueSource(strings = {"01:00:5e:00:00:01", "ff:ff:ff:ff:ff:ff", "33:33:00:00:00:01", "00:00:00:00:00:00"})
    void rejectsAMacNoInterfaceCanHave(String mac) {
        Problem p = assertRejected(withAnnotation(Annotations.MAC_ADDRESS, mac), "Node n1", MAC);

        assertThat(p.message()).contains(mac);
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "192.168.1.256", "192.168.1", "", "n1.example.com"})
    void rejectsAnUnparsableInternalOrExternalAddress(String address) {
        Node internal = withAddresses("InternalIP=192.168.1.10", "InternalIP=" + address);
        Node external = withAddresses("InternalIP=192.168.1.10", "ExternalIP=" + address);

        assertRejected(internal, "Node n1", "status.addresses[1].address");
        assertRejected(external, "Node n1", "status.addresses[1].address");
    }

    @Test
    void rejectsAnAddressWithoutValue() {
        Node node = node("10.1.0.0/24").withNewStatus()
                .addToAddresses(new NodeAddressBuilder().withType("InternalIP").build()).endStatus().build();

        Problem p = assertRejected(node, "Node n1", "status.addresses[0].address");

        assertThat(p.message()).isEqualTo("is missing");
    }

    @Test
    void rejectsANullAddressEntry() {
        Node node = node("10.1.0.0/24").build();
        node.setStatus(new NodeStatus());
        node.getStatus().setAddresses(new ArrayList<>(Arrays.asList(
                new NodeAddressBuilder().withType("InternalIP").withAddress("192.168.1.10").build(), null)));

        assertRejected(node, "Node n1", "status.addresses[1]");
    }

    @Test
    void reportsEveryMalformedFieldAtOnce() {
        Node node = K8s.nodeBuilder("n1", "10.1.0.5/24", "nope")
                .editMetadata().addToAnnotations(Annotations.MAC_ADDRESS, "zz").endMetadata().build();

        Mapped mapped = FactMapper.map(node);

        assertThat(mapped.facts()).isEmpty();
        assertThat(mapped.problems()).extracting(Problem::field)
                .containsExactlyInAnyOrder(HOST_ID, "spec.podCIDR", MAC);
        assertThat(mapped.problems()).allMatch(p -> p.severity() == Problem.Severity.ERROR);
    }

    @Test
    void rejectsANodeWithoutMetadata() {
        Node node = new NodeBuilder().withNewSpec().withPodCIDR("10.1.0.0/24").endSpec().build();

        Problem p = assertRejected(node, "Node", "metadata");

        assertThat(p.toString()).isEqualTo("error: Node null metadata: is missing");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void rejectsANodeWithoutName(String name) {
        Node node = node("10.1.0.0/24").editMetadata().withName(name).endMetadata().build();

        Problem p = assertRejected(node, "Node " + name, "metadata.name");

        assertThat(p.message()).isEqualTo("is missing");
    }

    @Test
    void rejectsANodeNameTooLongForKubernetes() {
        String name = longName(254);

        Problem p = assertRejected(K8s.node(name, "10.1.0.0/24", HOST), "Node " + name, "metadata.name");

        assertThat(p.message()).contains("254").contains("253");
    }

    @Test
    void acceptsANodeNameOf253Characters() {
        assertOnlyFact(K8s.node(longName(253), "10.1.0.0/24", HOST), NodeFact.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Node-1", "node_1", "-node", "node-", "node..1", "node 1"})
    void rejectsAnInvalidNodeName(String name) {
        Problem p = assertRejected(K8s.node(name, "10.1.0.0/24", HOST), "Node " + name, "metadata.name");

        assertThat(p.message()).contains("'" + name + "'");
    }

    @Test
    void mapsOtherKindsToNothing() {
        var configMap = new ConfigMapBuilder().withNewMetadata().withNamespace("default").withName("c")
                .endMetadata().build();

        Mapped mapped = FactMapper.map(configMap);

        assertThat(mapped.facts()).isEmpty();
        assertThat(mapped.problems()).isEmpty();
        assertThat(mapped.object()).isEqualTo(new ObjectRef("ConfigMap", "default", "c"));
    }

    @Test
    void aDualStackNodeWhosePrimaryRangeIsIpv6UsesItsIpv4Range() {
        Node node = K8s.nodeBuilder("n1", "fd00:10:1::/64", "44fb4381-c99d-4389-86c3-fdca765bcbde")
                .editSpec().withPodCIDRs("fd00:10:1::/64", "10.1.4.0/24").endSpec().build();
        Mapped mapped = FactMapper.map(node);
        assertThat(mapped.problems()).isEmpty();
        assertThat(mapped.facts()).singleElement()
                .satisfies(f -> assertThat(((NodeFact) f).podCidr()).hasToString("10.1.4.0/24"));
    }
}
