package org.midonet.kube.translate.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.midonet.kube.translate.rules.RulesFixture.CLUSTER_ROUTER;
import static org.midonet.kube.translate.rules.RulesFixture.DEFAULT_TUNNEL_ZONE;
import static org.midonet.kube.translate.rules.RulesFixture.HAIRPIN_CHAIN;
import static org.midonet.kube.translate.rules.RulesFixture.HOST_1;
import static org.midonet.kube.translate.rules.RulesFixture.HOST_2;
import static org.midonet.kube.translate.rules.RulesFixture.HOST_3;
import static org.midonet.kube.translate.rules.RulesFixture.MAIN_CHAIN;
import static org.midonet.kube.translate.rules.RulesFixture.TENANT;
import static org.midonet.kube.translate.rules.RulesFixture.all;
import static org.midonet.kube.translate.rules.RulesFixture.changeOf;
import static org.midonet.kube.translate.rules.RulesFixture.changedTranslations;
import static org.midonet.kube.translate.rules.RulesFixture.contentOf;
import static org.midonet.kube.translate.rules.RulesFixture.macForKey;
import static org.midonet.kube.translate.rules.RulesFixture.nodeBridge;
import static org.midonet.kube.translate.rules.RulesFixture.nodeHairpinChain;
import static org.midonet.kube.translate.rules.RulesFixture.nodeHairpinJump;
import static org.midonet.kube.translate.rules.RulesFixture.nodeOwner;
import static org.midonet.kube.translate.rules.RulesFixture.nodeSub;
import static org.midonet.kube.translate.rules.RulesFixture.nodeTranslation;
import static org.midonet.kube.translate.rules.RulesFixture.ownedBy;
import static org.midonet.kube.translate.rules.RulesFixture.rulesOf;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.midonet.kube.facts.ObjectRef;
import org.midonet.kube.midonet.model.Bridge;
import org.midonet.kube.midonet.model.BridgePort;
import org.midonet.kube.midonet.model.Chain;
import org.midonet.kube.midonet.model.ChainRule.FlowAction;
import org.midonet.kube.midonet.model.ChainRule.NatTarget;
import org.midonet.kube.midonet.model.ChainRule;
import org.midonet.kube.midonet.model.HostInterfacePort;
import org.midonet.kube.midonet.model.Ip4MacPair;
import org.midonet.kube.midonet.model.MacPort;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.midonet.model.PortLink;
import org.midonet.kube.midonet.model.Route;
import org.midonet.kube.midonet.model.RouterPort;
import org.midonet.kube.midonet.model.TunnelZoneHost;
import org.midonet.kube.testing.K8s;
import org.midonet.kube.translate.ChangeSet;
import org.midonet.kube.translate.TranslationId;

/**
 * node.drl: a Node's bridge and ports, its hairpin chain, routes to its addresses, its tunnel zone membership,
 * its MAC.
 */
class NodeRulesTest extends EngineRulesTest {
    private static final String TUNNEL_ENDPOINT = "midonet.org/tunnel-endpoint-ip";
    private static final String TUNNEL_ZONE = "midonet.org/tunnel-zone-id";
    private static final String MAC = "midonet.org/mac-address";
    private static final String OTHER_ZONE = "0f6a9e3c-55d1-4c2b-b1e4-3e1f0c9d2a77";

    private static final TranslationId N1 = nodeTranslation("Node", "4", "n1", "n1");
    private static final TranslationId N2 = nodeTranslation("Node", "4", "n2", "n2");

    // ---- Node: a bridge linked to the cluster router, with a route to the pod CIDR ----

    @Test
    void derivesABridgeFilteredByKubeMainAndLinkedToTheClusterRouter() {
        engine.apply(List.of(K8s.node("n1", "10.1.0.0/24", HOST_1)));

        UUID bridge = nodeBridge("n1");
        UUID bridgePort = nodeSub("n1", "Bridge Port");
        UUID routerPort = nodeSub("n1", "Router Port");
        assertThat(contentOf(engine, N1)).contains(
                new Bridge(bridge, "n1", TENANT, MAIN_CHAIN),
                new BridgePort(bridge, bridgePort, "Bridge", null),
                new RouterPort(CLUSTER_ROUTER, routerPort, "Router", List.of("10.1.0.1/24"), macForKey("n1")),
                new PortLink(bridgePort, routerPort),
                new Route(CLUSTER_ROUTER, nodeSub("n1", "Route"), "0.0.0.0", 0, "10.1.0.0", 24, routerPort, null,
                        "Normal"));
    }

    @Test
    void routesThePodCidrToTheNodeWithItsFirstAddressAsGateway() {
        engine.apply(List.of(K8s.node("n1", "10.244.8.0/21", HOST_1)));

        List<MidonetResource> content = contentOf(engine, N1);
        assertThat(RulesFixture.ofType(content, RouterPort.class)).singleElement()
                .satisfies(p -> assertThat(p.portSubnet()).containsExactly("10.244.8.1/21"));
        assertThat(RulesFixture.ofType(content, Route.class)).singleElement().satisfies(r -> {
            assertThat(r.dstNetworkAddr()).isEqualTo("10.244.8.0");
            assertThat(r.dstNetworkLength()).isEqualTo(21);
            assertThat(r.nextHopPort()).isEqualTo(nodeSub("n1", "Router Port"));
        });
    }

    @Test
    void givesEachNodeItsOwnRouterPortMac() {
        engine.apply(List.of(K8s.node("n1", "10.1.0.0/24", HOST_1), K8s.node("n2", "10.2.0.0/24", HOST_2)));

        assertThat(all(engine, RouterPort.class)).extracting(RouterPort::portMac)
                .containsExactlyInAnyOrder(macForKey("n1"), macForKey("n2"))
                .allMatch(mac -> mac.startsWith("ac:ca:ba:"))
                .doesNotHaveDuplicates();
    }

    // ---- Node: a port for the host, bound to midokube-mido ----

    @Test
    void derivesAHostPortBoundToMidokubeMidoThatSnatsTheNodeToTheGateway() {
        engine.apply(List.of(K8s.node("n1", "10.1.0.0/24", HOST_1)));

        UUID chain = nodeSub("n1", "Node Port Chain");
        UUID port = nodeSub("n1", "Node Port");
        assertThat(contentOf(engine, N1)).contains(
                new Chain(chain, "KUBE-NODE-n1", TENANT),
                new BridgePort(nodeBridge("n1"), port, "Bridge", chain),
                new HostInterfacePort(UUID.fromString(HOST_1), port, "midokube-mido"),
                new ChainRule(chain, nodeSub("n1", "Node Port SNAT Rule"), ChainRule.Type.SNAT, 1, ChainRule.IPV4,
                        "10.1.0.2", 32, null, null, null, null, null, FlowAction.CONTINUE,
                        List.of(new NatTarget("10.1.0.1", "10.1.0.1", 30000, 60000))));
    }

    // ---- Node: a hairpin chain for its pods ----

    @Test
    void derivesAHairpinChainThatKubeHairpinJumpsToForPacketsFromAndToThePodCidr() {
        engine.apply(List.of(K8s.node("n1", "10.244.8.0/21", HOST_1)));

        UUID chain = nodeHairpinChain("n1");
        assertThat(contentOf(engine, N1)).contains(
                new Chain(chain, "KUBE-HAIRPIN-n1", TENANT),
                new ChainRule(HAIRPIN_CHAIN, nodeSub("n1", "Jump To Hairpin/10.244.8.0/21"), ChainRule.Type.JUMP, 1,
                        ChainRule.IPV4, "10.244.8.0", 21, "10.244.8.0", 21, null, null, chain, null, null));
        assertThat(rulesOf(engine, HAIRPIN_CHAIN)).containsExactly(nodeHairpinJump("n1", "10.244.8.0", 21));
    }

    @Test
    void theHairpinChainHasNoRuleWithoutPods() {
        engine.apply(List.of(K8s.node("n1", "10.1.0.0/24", HOST_1)));

        assertThat(rulesOf(engine, nodeHairpinChain("n1"))).isEmpty();
    }

    @Test
    void eachNodeJumpsFromKubeHairpinToItsOwnChainForItsOwnPodCidr() {
        engine.apply(List.of(K8s.node("n1", "10.1.0.0/24", HOST_1), K8s.node("n2", "10.2.0.0/24", HOST_2)));

        assertThat(rulesOf(engine, HAIRPIN_CHAIN)).containsExactlyInAnyOrder(
                nodeHairpinJump("n1", "10.1.0.0", 24), nodeHairpinJump("n2", "10.2.0.0", 24));
        assertThat(all(engine, Chain.class)).extracting(Chain::id).contains(nodeHairpinChain("n1"), nodeHairpinChain("n2"))
                .doesNotHaveDuplicates();
        assertThat(contentOf(engine, N2)).contains(nodeHairpinJump("n2", "10.2.0.0", 24))
                .doesNotContain(nodeHairpinJump("n1", "10.1.0.0", 24));
    }

    @Test
    void aNewPodCidrMovesTheHairpinJumpButKeepsTheHairpinChain() {
        engine.apply(List.of(K8s.node("n1", "10.1.0.0/24", HOST_1), K8s.node("n2", "10.2.0.0/24", HOST_2)));

        ChangeSet changes = engine.apply(List.of(K8s.node("n1", "10.9.0.0/24", HOST_1)));

        assertThat(changedTranslations(changes)).containsExactly(N1);
        assertThat(changes.removed()).contains(nodeHairpinJump("n1", "10.1.0.0", 24))
                .doesNotContain(new Chain(nodeHairpinChain("n1"), "KUBE-HAIRPIN-n1", TENANT));
        assertThat(changes.added()).contains(nodeHairpinJump("n1", "10.9.0.0", 24));
        assertThat(rulesOf(engine, HAIRPIN_CHAIN)).containsExactlyInAnyOrder(
                nodeHairpinJump("n1", "10.9.0.0", 24), nodeHairpinJump("n2", "10.2.0.0", 24));
    }

    @Test
    void theHairpinChainAndJumpGoWithTheNode() {
        engine.apply(List.of(K8s.node("n1", "10.1.0.0/24", HOST_1), K8s.node("n2", "10.2.0.0/24", HOST_2)));

        ChangeSet changes = engine.apply(List.of(), List.of(new ObjectRef("Node", null, "n1")));

        assertThat(changeOf(changes, N1).removed()).contains(new Chain(nodeHairpinChain("n1"), "KUBE-HAIRPIN-n1", TENANT),
                nodeHairpinJump("n1", "10.1.0.0", 24));
        assertThat(rulesOf(engine, HAIRPIN_CHAIN)).containsExactly(nodeHairpinJump("n2", "10.2.0.0", 24));
        assertThat(all(engine, Chain.class)).extracting(Chain::name).doesNotContain("KUBE-HAIRPIN-n1")
                .contains("KUBE-HAIRPIN", "KUBE-HAIRPIN-n2");
    }

    // ---- all three rules of the Node Translation ----

    @Test
    void putsTheThreeRulesResourcesAndNothingElseIntoTheNodeTranslation() {
        engine.apply(List.of(K8s.node("n1", "10.1.0.0/24", HOST_1)));

        assertThat(contentOf(engine, N1)).containsExactlyInAnyOrderElementsOf(expectedNodeContent("n1", "10.1.0", HOST_1));
        assertThat(ownedBy(engine, nodeOwner("n1"))).containsOnlyKeys(N1);
        assertThat(N1.namespace()).isEqualTo("default");
    }

    @Test
    void derivesNothingForANodeWithoutAHostId() {
        engine.apply(List.of(K8s.node("n1", "10.1.0.0/24", null)));

        assertThat(ownedBy(engine, nodeOwner("n1"))).isEmpty();
        assertThat(all(engine, Bridge.class)).isEmpty();
        assertThat(rulesOf(engine, HAIRPIN_CHAIN)).isEmpty();
    }

    @Test
    void derivesNothingForANodeWithoutAPodCidr() {
        engine.apply(List.of(K8s.node("n1", null, HOST_1)));

        assertThat(ownedBy(engine, nodeOwner("n1"))).isEmpty();
        assertThat(all(engine, Bridge.class)).isEmpty();
        assertThat(rulesOf(engine, HAIRPIN_CHAIN)).isEmpty();
    }

    @Test
    void joinsTheNetworkOnceItsHostIdIsAnnotated() {
        engine.apply(List.of(K8s.node("n1", "10.1.0.0/24", null)));

        ChangeSet changes = engine.apply(List.of(K8s.node("n1", "10.1.0.0/24", HOST_1)));

        assertThat(changedTranslations(changes)).containsExactly(N1);
        assertThat(changes.added()).containsExactlyInAnyOrderElementsOf(expectedNodeContent("n1", "10.1.0", HOST_1));
        assertThat(changes.removed()).isEmpty();
    }

    @Test
    void deletingANodeRemovesAllItsTranslationsAndNothingOfAnotherNode() {
        engine.apply(List.of(fullyAnnotated("n1", "10.1.0.0/24", HOST_1, "192.168.1.11", "aa:bb:cc:00:00:01"),
                fullyAnnotated("n2", "10.2.0.0/24", HOST_2, "192.168.1.12", "aa:bb:cc:00:00:02")));
        Map<TranslationId, List<MidonetResource>> n1Before = ownedBy(engine, nodeOwner("n1"));
        Map<TranslationId, List<MidonetResource>> n2Before = ownedBy(engine, nodeOwner("n2"));
        assertThat(n1Before).hasSize(5); // node, address, tunnel endpoint, MAC, ARP

        ChangeSet changes = engine.apply(List.of(), List.of(new ObjectRef("Node", null, "n1")));

        assertThat(changedTranslations(changes)).containsExactlyInAnyOrderElementsOf(n1Before.keySet());
        assertThat(changes.changes()).allSatisfy(c -> {
            assertThat(c.deleted()).isTrue();
            assertThat(c.added()).isEmpty();
            assertThat(c.removed()).containsExactlyInAnyOrderElementsOf(n1Before.get(c.translation()));
        });
        assertThat(ownedBy(engine, nodeOwner("n1"))).isEmpty();
        assertThat(ownedBy(engine, nodeOwner("n2"))).isEqualTo(n2Before);
    }

    @Test
    void losingItsHostIdRemovesTheNodeFromTheNetwork() {
        engine.apply(List.of(K8s.node("n1", "10.1.0.0/24", HOST_1), K8s.node("n2", "10.2.0.0/24", HOST_2)));

        ChangeSet changes = engine.apply(List.of(K8s.node("n1", "10.1.0.0/24", null)));

        assertThat(changedTranslations(changes)).containsExactly(N1);
        assertThat(changeOf(changes, N1).deleted()).isTrue();
        assertThat(engine.translations()).containsKey(N2);
        assertThat(rulesOf(engine, HAIRPIN_CHAIN)).containsExactly(nodeHairpinJump("n2", "10.2.0.0", 24));
    }

    @Test
    void aNewHostIdRebindsOnlyTheHostInterfacePort() {
        engine.apply(List.of(K8s.node("n1", "10.1.0.0/24", HOST_1), K8s.node("n2", "10.2.0.0/24", HOST_2)));

        ChangeSet changes = engine.apply(List.of(K8s.node("n1", "10.1.0.0/24", HOST_3)));

        UUID port = nodeSub("n1", "Node Port");
        assertThat(changedTranslations(changes)).containsExactly(N1);
        assertThat(changes.removed()).containsExactly(new HostInterfacePort(UUID.fromString(HOST_1), port, "midokube-mido"));
        assertThat(changes.added()).containsExactly(new HostInterfacePort(UUID.fromString(HOST_3), port, "midokube-mido"));
    }

    @Test
    void aNewPodCidrMovesTheRouteRouterPortSnatAndHairpinJumpButKeepsTheBridgeAndChains() {
        engine.apply(List.of(K8s.node("n1", "10.1.0.0/24", HOST_1), K8s.node("n2", "10.2.0.0/24", HOST_2)));

        ChangeSet changes = engine.apply(List.of(K8s.node("n1", "10.9.0.0/24", HOST_1)));

        assertThat(changedTranslations(changes)).containsExactly(N1);
        List<MidonetResource> before = expectedNodeContent("n1", "10.1.0", HOST_1);
        List<MidonetResource> after = expectedNodeContent("n1", "10.9.0", HOST_1);
        assertThat(changes.removed()).containsExactlyInAnyOrderElementsOf(minus(before, after))
                .hasOnlyElementsOfTypes(RouterPort.class, Route.class, ChainRule.class)
                .hasSize(4); // the router port, the route, the node port's SNAT and the hairpin jump
        assertThat(changes.added()).containsExactlyInAnyOrderElementsOf(minus(after, before));
        assertThat(contentOf(engine, N1)).containsExactlyInAnyOrderElementsOf(after);
    }

    @Test
    void reUpsertingAnUnchangedNodeChangesNothing() {
        Node n1 = fullyAnnotated("n1", "10.1.0.0/24", HOST_1, "192.168.1.11", "aa:bb:cc:00:00:01");
        engine.apply(List.of(n1));
        Map<TranslationId, List<MidonetResource>> before = RulesFixture.snapshot(engine);

        ChangeSet changes = engine.apply(List.of(fullyAnnotated("n1", "10.1.0.0/24", HOST_1, "192.168.1.11",
                "aa:bb:cc:00:00:01")));

        assertThat(changes.isEmpty()).isTrue();
        assertThat(engine.translations()).isEqualTo(before);
    }

    // ---- Node: a route to each InternalIP and ExternalIP through the node ----

    @Test
    void routesEachInternalAndExternalIpThroughTheNodeAddress() {
        engine.apply(List.of(K8s.nodeBuilder("n1", "10.1.0.0/24", HOST_1).withNewStatus()
                .addNewAddress().withType("InternalIP").withAddress("192.168.1.11").endAddress()
                .addNewAddress().withType("ExternalIP").withAddress("203.0.113.11").endAddress()
                .endStatus().build()));

        assertThat(contentOf(engine, addressTranslation("n1", "InternalIP", "192.168.1.11")))
                .containsExactly(addressRoute("n1", "InternalIP", "192.168.1.11", "10.1.0.2"));
        assertThat(contentOf(engine, addressTranslation("n1", "ExternalIP", "203.0.113.11")))
                .containsExactly(addressRoute("n1", "ExternalIP", "203.0.113.11", "10.1.0.2"));
        assertThat(ownedBy(engine, nodeOwner("n1"))).hasSize(3);
    }

    @Test
    void routesNoHostnameAndNoIpv6Address() {
        engine.apply(List.of(K8s.nodeBuilder("n1", "10.1.0.0/24", HOST_1).withNewStatus()
                .addNewAddress().withType("Hostname").withAddress("n1.example.org").endAddress()
                .addNewAddress().withType("InternalIP").withAddress("fd00::11").endAddress()
                .endStatus().build()));

        assertThat(ownedBy(engine, nodeOwner("n1"))).containsOnlyKeys(N1);
        assertThat(all(engine, Route.class)).containsExactly(
                new Route(CLUSTER_ROUTER, nodeSub("n1", "Route"), "0.0.0.0", 0, "10.1.0.0", 24,
                        nodeSub("n1", "Router Port"), null, "Normal"));
    }

    @Test
    void droppingAnAddressRemovesOnlyItsRoute() {
        engine.apply(List.of(withAddresses("n1", "10.1.0.0/24", HOST_1, "192.168.1.11", "203.0.113.11"),
                withAddresses("n2", "10.2.0.0/24", HOST_2, "192.168.1.12", "203.0.113.12")));
        Map<TranslationId, List<MidonetResource>> n2Before = ownedBy(engine, nodeOwner("n2"));

        ChangeSet changes = engine.apply(List.of(withAddresses("n1", "10.1.0.0/24", HOST_1, "192.168.1.11", null)));

        TranslationId external = addressTranslation("n1", "ExternalIP", "203.0.113.11");
        assertThat(changedTranslations(changes)).containsExactly(external);
        assertThat(changeOf(changes, external).deleted()).isTrue();
        assertThat(changes.removed()).containsExactly(addressRoute("n1", "ExternalIP", "203.0.113.11", "10.1.0.2"));
        assertThat(engine.translations()).containsKeys(N1, addressTranslation("n1", "InternalIP", "192.168.1.11"));
        assertThat(ownedBy(engine, nodeOwner("n2"))).isEqualTo(n2Before);
    }

    @Test
    void aChangedAddressReplacesItsRouteTranslation() {
        engine.apply(List.of(withAddresses("n1", "10.1.0.0/24", HOST_1, "192.168.1.11", null)));

        ChangeSet changes = engine.apply(List.of(withAddresses("n1", "10.1.0.0/24", HOST_1, "192.168.1.99", null)));

        TranslationId old = addressTranslation("n1", "InternalIP", "192.168.1.11");
        TranslationId replacement = addressTranslation("n1", "InternalIP", "192.168.1.99");
        assertThat(changedTranslations(changes)).containsExactlyInAnyOrder(old, replacement);
        assertThat(changeOf(changes, old).removed())
                .containsExactly(addressRoute("n1", "InternalIP", "192.168.1.11", "10.1.0.2"));
        assertThat(changeOf(changes, replacement).added())
                .containsExactly(addressRoute("n1", "InternalIP", "192.168.1.99", "10.1.0.2"));
    }

    // ---- Node: the host joins its tunnel zone ----

    @Test
    void theHostJoinsTheDefaultTunnelZoneWithItsTunnelEndpoint() {
        engine.apply(List.of(annotated("n1", "10.1.0.0/24", HOST_1, TUNNEL_ENDPOINT, "192.168.1.11")));

        TranslationId tunnel = nodeTranslation("Node-Tunnel-Endpoint", "4", "n1", "n1/192.168.1.11//" + HOST_1);
        assertThat(contentOf(engine, tunnel))
                .containsExactly(new TunnelZoneHost(DEFAULT_TUNNEL_ZONE, UUID.fromString(HOST_1), "192.168.1.11"));
    }

    @Test
    void theHostJoinsTheAnnotatedTunnelZoneInstead() {
        engine.apply(List.of(K8s.nodeBuilder("n1", "10.1.0.0/24", HOST_1).editMetadata()
                .addToAnnotations(TUNNEL_ENDPOINT, "192.168.1.11").addToAnnotations(TUNNEL_ZONE, OTHER_ZONE)
                .endMetadata().build()));

        TranslationId tunnel = nodeTranslation("Node-Tunnel-Endpoint", "4", "n1",
                "n1/192.168.1.11/" + OTHER_ZONE + "/" + HOST_1);
        assertThat(contentOf(engine, tunnel)).containsExactly(
                new TunnelZoneHost(UUID.fromString(OTHER_ZONE), UUID.fromString(HOST_1), "192.168.1.11"));
        assertThat(all(engine, TunnelZoneHost.class)).hasSize(1);
    }

    @Test
    void theHostJoinsNoTunnelZoneWithoutATunnelEndpoint() {
        engine.apply(List.of(annotated("n1", "10.1.0.0/24", HOST_1, TUNNEL_ZONE, OTHER_ZONE)));

        assertThat(all(engine, TunnelZoneHost.class)).isEmpty();
        assertThat(ownedBy(engine, nodeOwner("n1"))).containsOnlyKeys(N1);
    }

    @Test
    void movingToAnotherTunnelZoneReplacesOnlyTheMembership() {
        engine.apply(List.of(annotated("n1", "10.1.0.0/24", HOST_1, TUNNEL_ENDPOINT, "192.168.1.11")));

        ChangeSet changes = engine.apply(List.of(K8s.nodeBuilder("n1", "10.1.0.0/24", HOST_1).editMetadata()
                .addToAnnotations(TUNNEL_ENDPOINT, "192.168.1.11").addToAnnotations(TUNNEL_ZONE, OTHER_ZONE)
                .endMetadata().build()));

        TranslationId inDefault = nodeTranslation("Node-Tunnel-Endpoint", "4", "n1", "n1/192.168.1.11//" + HOST_1);
        TranslationId inOther = nodeTranslation("Node-Tunnel-Endpoint", "4", "n1",
                "n1/192.168.1.11/" + OTHER_ZONE + "/" + HOST_1);
        assertThat(changedTranslations(changes)).containsExactlyInAnyOrder(inDefault, inOther);
        assertThat(changeOf(changes, inDefault).deleted()).isTrue();
        assertThat(changes.removed())
                .containsExactly(new TunnelZoneHost(DEFAULT_TUNNEL_ZONE, UUID.fromString(HOST_1), "192.168.1.11"));
        assertThat(changes.added()).containsExactly(
                new TunnelZoneHost(UUID.fromString(OTHER_ZONE), UUID.fromString(HOST_1), "192.168.1.11"));
    }

    @Test
    void droppingTheTunnelEndpointLeavesTheZoneButNotTheNetwork() {
        engine.apply(List.of(annotated("n1", "10.1.0.0/24", HOST_1, TUNNEL_ENDPOINT, "192.168.1.11")));

        ChangeSet changes = engine.apply(List.of(K8s.node("n1", "10.1.0.0/24", HOST_1)));

        assertThat(changedTranslations(changes))
                .containsExactly(nodeTranslation("Node-Tunnel-Endpoint", "4", "n1", "n1/192.168.1.11//" + HOST_1));
        assertThat(all(engine, TunnelZoneHost.class)).isEmpty();
        assertThat(engine.translations()).containsKey(N1);
    }

    // ---- Node: the bridge knows the host's MAC ----

    @Test
    void theBridgeKnowsTheHostMacOnTheNodePortAndAnswersArpForTheNodeIp() {
        engine.apply(List.of(annotated("n1", "10.1.0.0/24", HOST_1, MAC, "aa:bb:cc:00:11:22")));

        UUID bridge = nodeBridge("n1");
        assertThat(contentOf(engine, nodeTranslation("Node-MAC", "3", "n1", "n1/mac/aabbcc001122")))
                .containsExactly(new MacPort(bridge, "aa:bb:cc:00:11:22", nodeSub("n1", "Node Port")));
        assertThat(contentOf(engine, nodeTranslation("Node-ARP", "3", "n1", "n1/ip/10.1.0.2/aabbcc001122")))
                .containsExactly(new Ip4MacPair(bridge, "10.1.0.2", "aa:bb:cc:00:11:22"));
    }

    @Test
    void theBridgeLearnsNoMacOrArpEntryWithoutTheMacAnnotation() {
        engine.apply(List.of(K8s.node("n1", "10.1.0.0/24", HOST_1)));

        assertThat(all(engine, MacPort.class)).isEmpty();
        assertThat(all(engine, Ip4MacPair.class)).isEmpty();
    }

    @Test
    void droppingTheMacAnnotationRemovesOnlyTheMacAndArpEntries() {
        engine.apply(List.of(annotated("n1", "10.1.0.0/24", HOST_1, MAC, "aa:bb:cc:00:11:22"),
                annotated("n2", "10.2.0.0/24", HOST_2, MAC, "aa:bb:cc:00:11:33")));

        ChangeSet changes = engine.apply(List.of(K8s.node("n1", "10.1.0.0/24", HOST_1)));

        assertThat(changedTranslations(changes)).containsExactlyInAnyOrder(
                nodeTranslation("Node-MAC", "3", "n1", "n1/mac/aabbcc001122"),
                nodeTranslation("Node-ARP", "3", "n1", "n1/ip/10.1.0.2/aabbcc001122"));
        assertThat(changes.changes()).allMatch(ChangeSet.Change::deleted);
        assertThat(all(engine, MacPort.class)).extracting(MacPort::bridgeId).containsExactly(nodeBridge("n2"));
        assertThat(all(engine, Ip4MacPair.class)).extracting(Ip4MacPair::bridgeId).containsExactly(nodeBridge("n2"));
    }

    @Test
    void aNewMacReplacesBothEntries() {
        engine.apply(List.of(annotated("n1", "10.1.0.0/24", HOST_1, MAC, "aa:bb:cc:00:11:22")));

        ChangeSet changes = engine.apply(List.of(annotated("n1", "10.1.0.0/24", HOST_1, MAC, "aa:bb:cc:00:11:44")));

        UUID bridge = nodeBridge("n1");
        assertThat(changedTranslations(changes)).hasSize(4).doesNotContain(N1);
        assertThat(changes.removed()).containsExactlyInAnyOrder(
                new MacPort(bridge, "aa:bb:cc:00:11:22", nodeSub("n1", "Node Port")),
                new Ip4MacPair(bridge, "10.1.0.2", "aa:bb:cc:00:11:22"));
        assertThat(changes.added()).containsExactlyInAnyOrder(
                new MacPort(bridge, "aa:bb:cc:00:11:44", nodeSub("n1", "Node Port")),
                new Ip4MacPair(bridge, "10.1.0.2", "aa:bb:cc:00:11:44"));
    }

    // ---- helpers ----

    /** The Node translation of a node whose pod CIDR is prefix.0/24. */
    private static List<MidonetResource> expectedNodeContent(String node, String prefix, String host) {
        UUID bridge = nodeBridge(node);
        UUID bridgePort = nodeSub(node, "Bridge Port");
        UUID routerPort = nodeSub(node, "Router Port");
        UUID chain = nodeSub(node, "Node Port Chain");
        UUID nodePort = nodeSub(node, "Node Port");
        UUID hairpinChain = nodeSub(node, "Hairpin Chain");
        String gateway = prefix + ".1";
        return List.of(
                new Bridge(bridge, node, TENANT, MAIN_CHAIN),
                new BridgePort(bridge, bridgePort, "Bridge", null),
                new RouterPort(CLUSTER_ROUTER, routerPort, "Router", List.of(gateway + "/24"), macForKey(node)),
                new PortLink(bridgePort, routerPort),
                new Route(CLUSTER_ROUTER, nodeSub(node, "Route"), "0.0.0.0", 0, prefix + ".0", 24, routerPort, null,
                        "Normal"),
                new Chain(chain, "KUBE-NODE-" + node, TENANT),
                new BridgePort(bridge, nodePort, "Bridge", chain),
                new HostInterfacePort(UUID.fromString(host), nodePort, "midokube-mido"),
                new ChainRule(chain, nodeSub(node, "Node Port SNAT Rule"), ChainRule.Type.SNAT, 1, ChainRule.IPV4,
                        prefix + ".2", 32, null, null, null, null, null, FlowAction.CONTINUE,
                        List.of(new NatTarget(gateway, gateway, 30000, 60000))),
                new Chain(hairpinChain, "KUBE-HAIRPIN-" + node, TENANT),
                new ChainRule(HAIRPIN_CHAIN, nodeSub(node, "Jump To Hairpin/" + prefix + ".0/24"), ChainRule.Type.JUMP, 1,
                        ChainRule.IPV4, prefix + ".0", 24, prefix + ".0", 24, null, null, hairpinChain, null, null));
    }

    private static List<MidonetResource> minus(List<MidonetResource> a, List<MidonetResource> b) {
        List<MidonetResource> result = new ArrayList<>(a);
        result.removeAll(b);
        return result;
    }

    private static TranslationId addressTranslation(String node, String type, String ip) {
        return nodeTranslation("Node-Address", "4", node, node + "/" + type + "/" + ip);
    }

    private static Route addressRoute(String node, String type, String ip, String nodeIp) {
        return new Route(CLUSTER_ROUTER, RulesFixture.IDS.idForKey("Node Address", node + "/" + type + "/" + ip),
                "0.0.0.0", 0, ip, 32, nodeSub(node, "Router Port"), nodeIp, "Normal");
    }

    private static Node annotated(String name, String podCidr, String host, String key, String value) {
        return K8s.nodeBuilder(name, podCidr, host).editMetadata().addToAnnotations(key, value).endMetadata().build();
    }

    private static Node withAddresses(String name, String podCidr, String host, String internal, String external) {
        NodeBuilder b = K8s.nodeBuilder(name, podCidr, host);
        var status = b.withNewStatus();
        if (internal != null) {
            status.addNewAddress().withType("InternalIP").withAddress(internal).endAddress();
        }
        if (external != null) {
            status.addNewAddress().withType("ExternalIP").withAddress(external).endAddress();
        }
        return status.endStatus().build();
    }

    private static Node fullyAnnotated(String name, String podCidr, String host, String internalIp, String mac) {
        return new NodeBuilder(withAddresses(name, podCidr, host, internalIp, null)).editMetadata()
                .addToAnnotations(TUNNEL_ENDPOINT, internalIp).addToAnnotations(MAC, mac).endMetadata().build();
    }
}
