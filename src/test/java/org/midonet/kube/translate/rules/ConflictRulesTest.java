package org.midonet.kube.translate.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.midonet.kube.translate.rules.RulesFixture.HOST_1;
import static org.midonet.kube.translate.rules.RulesFixture.HOST_2;
import static org.midonet.kube.translate.rules.RulesFixture.HOST_3;
import static org.midonet.kube.translate.rules.RulesFixture.all;
import static org.midonet.kube.translate.rules.RulesFixture.nodeBridge;
import static org.midonet.kube.translate.rules.RulesFixture.nodeOwner;
import static org.midonet.kube.translate.rules.RulesFixture.ownedBy;
import static org.midonet.kube.translate.rules.RulesFixture.podOwner;
import static org.midonet.kube.translate.rules.RulesFixture.serviceOwner;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.midonet.kube.common.Cidr;
import org.midonet.kube.facts.ObjectRef;
import org.midonet.kube.facts.Problem;
import org.midonet.kube.midonet.model.BridgePort;
import org.midonet.kube.midonet.model.ChainRule;
import org.midonet.kube.midonet.model.Ip4MacPair;
import org.midonet.kube.midonet.model.Route;
import org.midonet.kube.testing.K8s;
import org.midonet.kube.translate.ChangeSet;
import org.midonet.kube.translate.TranslationEngine;

/**
 * conflicts.drl: of two objects whose networks clash, the older keeps its network and the newer derives
 * nothing and is reported, until the older goes; objects that clash with the cluster derive nothing.
 */
class ConflictRulesTest extends EngineRulesTest {
    private static final String NS = "team-a";
    private static final String EARLY = "2026-01-01T00:00:00Z";
    private static final String LATE = "2026-06-01T00:00:00Z";

    private static <T extends HasMetadata> T created(T object, String timestamp) {
        object.getMetadata().setCreationTimestamp(timestamp);
        return object;
    }

    private static Pod pod(String name, String node, String ip, String timestamp) {
        return created(K8s.pod(NS, name, node, ip, "aa:bb:cc:00:00:0" + name.length()), timestamp);
    }

    private static Node node(String name, String podCidr, String hostId, String timestamp) {
        return created(K8s.node(name, podCidr, hostId), timestamp);
    }

    private static Service service(String namespace, String name, String clusterIp, String timestamp) {
        return created(K8s.service(namespace, name, clusterIp, K8s.port("dns", "UDP", 53)), timestamp);
    }

    private static List<Problem> conflicts(ChangeSet changes) {
        return changes.problems().stream().filter(p -> p.severity() == Problem.Severity.CONFLICT).toList();
    }

    // ---- two Pods with one IP ----

    @Test
    void ofTwoPodsWithOneIpTheOlderKeepsItsNetworkAndTheNewerIsReported() {
        engine.apply(List.of(node("n1", "10.1.0.0/24", HOST_1, EARLY)));

        // "a-new" sorts first by name: the timestamp decides
        ChangeSet changes = engine.apply(List.of(pod("z-old", "n1", "10.1.0.5", EARLY), pod("a-new", "n1", "10.1.0.5", LATE)));

        assertThat(ownedBy(engine, podOwner(NS, "z-old"))).isNotEmpty();
        assertThat(ownedBy(engine, podOwner(NS, "a-new"))).isEmpty();
        assertThat(all(engine, Ip4MacPair.class)).extracting(Ip4MacPair::mac).containsExactly("aa:bb:cc:00:00:05");
        assertThat(conflicts(changes)).singleElement().satisfies(p -> {
            assertThat(p.object()).isEqualTo(new ObjectRef("Pod", NS, "a-new"));
            assertThat(p.field()).isEqualTo("status.podIP");
            assertThat(p.message()).contains("'10.1.0.5' is the IP of Pod team-a/z-old, which is older");
        });
        assertThat(engine.conflicts()).isEqualTo(conflicts(changes));
    }

    @Test
    void whenTheOlderPodGoesTheNewerTakesOverItsIp() {
        engine.apply(List.of(node("n1", "10.1.0.0/24", HOST_1, EARLY),
                pod("old", "n1", "10.1.0.5", EARLY), pod("new", "n1", "10.1.0.5", LATE)));

        ChangeSet changes = engine.apply(List.of(), List.of(new ObjectRef("Pod", NS, "old")));

        assertThat(ownedBy(engine, podOwner(NS, "old"))).isEmpty();
        assertThat(ownedBy(engine, podOwner(NS, "new"))).isNotEmpty();
        assertThat(all(engine, Ip4MacPair.class)).extracting(Ip4MacPair::mac).containsExactly("aa:bb:cc:00:00:03");
        assertThat(conflicts(changes)).isEmpty();
        assertThat(engine.conflicts()).isEmpty();
    }

    @Test
    void withoutTimestampsTheNameDecides() {
        engine.apply(List.of(K8s.node("n1", "10.1.0.0/24", HOST_1)));

        engine.apply(List.of(K8s.pod(NS, "b", "n1", "10.1.0.5", null), K8s.pod(NS, "a", "n1", "10.1.0.5", null)));

        assertThat(ownedBy(engine, podOwner(NS, "a"))).isNotEmpty();
        assertThat(ownedBy(engine, podOwner(NS, "b"))).isEmpty();
    }

    @Test
    void aPodThatTakesAnotherAddressLeavesTheConflict() {
        engine.apply(List.of(node("n1", "10.1.0.0/24", HOST_1, EARLY),
                pod("old", "n1", "10.1.0.5", EARLY), pod("new", "n1", "10.1.0.5", LATE)));

        engine.apply(List.of(pod("new", "n1", "10.1.0.6", LATE)));

        assertThat(ownedBy(engine, podOwner(NS, "new"))).isNotEmpty();
        assertThat(engine.conflicts()).isEmpty();
    }

    // ---- two Services with one ClusterIP ----

    @Test
    void aServiceReusingAnOlderServicesClusterIpGetsNoChainAndIsReported() {
        ChangeSet changes = engine.apply(List.of(service("kube-system", "kube-dns", "10.96.0.10", EARLY),
                service(NS, "thief", "10.96.0.10", LATE)));

        assertThat(ownedBy(engine, serviceOwner("kube-system", "kube-dns"))).isNotEmpty();
        assertThat(ownedBy(engine, serviceOwner(NS, "thief"))).isEmpty();
        assertThat(all(engine, ChainRule.class)).filteredOn(r -> "10.96.0.10".equals(r.nwDstAddress())).hasSize(1);
        assertThat(conflicts(changes)).singleElement().satisfies(p -> {
            assertThat(p.object()).isEqualTo(new ObjectRef("Service", NS, "thief"));
            assertThat(p.field()).isEqualTo("spec.clusterIP");
            assertThat(p.message()).contains("Service kube-system/kube-dns");
        });
    }

    @Test
    void whenTheOlderServiceGoesTheNewerTakesOverItsClusterIp() {
        engine.apply(List.of(service("kube-system", "kube-dns", "10.96.0.10", EARLY), service(NS, "next", "10.96.0.10", LATE)));

        engine.apply(List.of(), List.of(new ObjectRef("Service", "kube-system", "kube-dns")));

        assertThat(ownedBy(engine, serviceOwner(NS, "next"))).isNotEmpty();
        assertThat(engine.conflicts()).isEmpty();
    }

    // ---- Nodes: overlapping pod CIDRs, the cluster CIDR, the shortest prefix ----

    @Test
    void aNodeWhosePodCidrOverlapsAnOlderNodesDerivesNothingNorDoItsPods() {
        ChangeSet changes = engine.apply(List.of(node("n1", "10.1.0.0/24", HOST_1, EARLY),
                node("n2", "10.1.0.0/16", HOST_2, LATE), pod("p2", "n2", "10.1.7.5", LATE)));

        assertThat(ownedBy(engine, nodeOwner("n1"))).isNotEmpty();
        assertThat(ownedBy(engine, nodeOwner("n2"))).isEmpty();
        assertThat(ownedBy(engine, podOwner(NS, "p2"))).isEmpty();
        assertThat(all(engine, Route.class)).extracting(Route::dstNetworkAddr, Route::dstNetworkLength)
                .containsExactly(tuple("10.1.0.0", 24));
        assertThat(conflicts(changes)).extracting(Problem::object, Problem::field)
                .containsExactly(tuple(new ObjectRef("Node", null, "n2"), "spec.podCIDR"));
    }

    @Test
    void whenTheOlderNodeGoesTheNewerNodeAndItsPodsTakeOver() {
        engine.apply(List.of(node("n1", "10.1.0.0/24", HOST_1, EARLY),
                node("n2", "10.1.0.0/16", HOST_2, LATE), pod("p2", "n2", "10.1.7.5", LATE)));

        engine.apply(List.of(), List.of(new ObjectRef("Node", null, "n1")));

        assertThat(ownedBy(engine, nodeOwner("n2"))).isNotEmpty();
        assertThat(all(engine, BridgePort.class)).anyMatch(p -> p.bridgeId().equals(nodeBridge("n2")));
        assertThat(ownedBy(engine, podOwner(NS, "p2"))).isNotEmpty();
        assertThat(engine.conflicts()).isEmpty();
    }

    @Test
    void nodesWithDisjointPodCidrsDoNotConflict() {
        engine.apply(List.of(node("n1", "10.1.0.0/24", HOST_1, EARLY), node("n2", "10.1.1.0/24", HOST_2, LATE),
                node("n3", "10.2.0.0/16", HOST_3, LATE)));

        assertThat(engine.conflicts()).isEmpty();
        assertThat(ownedBy(engine, nodeOwner("n3"))).isNotEmpty();
    }

    @Test
    void aNodeWhosePodCidrIsOutsideTheClusterCidrDerivesNothing() {
        try (TranslationEngine bounded = new TranslationEngine(RulesFixture.kieBase(), RulesFixture.TENANT,
                Cidr.parse("10.0.0.0/8"))) {
            ChangeSet changes = bounded.apply(List.of(K8s.node("in", "10.1.0.0/24", HOST_1),
                    K8s.node("out", "192.168.0.0/24", HOST_2)));

            assertThat(ownedBy(bounded, nodeOwner("in"))).isNotEmpty();
            assertThat(ownedBy(bounded, nodeOwner("out"))).isEmpty();
            assertThat(conflicts(changes)).singleElement().satisfies(p -> {
                assertThat(p.object()).isEqualTo(new ObjectRef("Node", null, "out"));
                assertThat(p.message()).contains("is not within the cluster CIDR '10.0.0.0/8'");
            });
        }
    }

    @Test
    void withoutAClusterCidrAnyPodCidrIsAccepted() {
        engine.apply(List.of(K8s.node("out", "192.168.0.0/24", HOST_2)));

        assertThat(ownedBy(engine, nodeOwner("out"))).isNotEmpty();
    }

    @Test
    void aPodCidrShorterThanSlash16IsAnErrorAndInstallsNoDefaultRoute() {
        ChangeSet changes = engine.apply(List.of(K8s.node("all", "0.0.0.0/0", HOST_1), K8s.node("wide", "10.0.0.0/15", HOST_2)));

        assertThat(ownedBy(engine, nodeOwner("all"))).isEmpty();
        assertThat(ownedBy(engine, nodeOwner("wide"))).isEmpty();
        assertThat(all(engine, Route.class)).isEmpty();
        assertThat(changes.problems()).extracting(Problem::severity, Problem::field).containsExactlyInAnyOrder(
                tuple(Problem.Severity.ERROR, "spec.podCIDR"),
                tuple(Problem.Severity.ERROR, "spec.podCIDR"));
    }

    // ---- a Pod and its Node ----

    @Test
    void aPodWhoseIpIsOutsideItsNodesPodCidrDerivesNothing() {
        engine.apply(List.of(K8s.node("n1", "10.1.0.0/24", HOST_1), K8s.node("n2", "10.2.0.0/24", HOST_2)));

        ChangeSet changes = engine.apply(List.of(K8s.pod(NS, "p1", "n1", "10.2.0.5", null)));

        assertThat(ownedBy(engine, podOwner(NS, "p1"))).isEmpty();
        assertThat(conflicts(changes)).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("status.podIP");
            assertThat(p.message()).contains("'10.2.0.5' is outside '10.1.0.0/24', the pod CIDR of its Node n1");
        });
    }

    @Test
    void aPodOnANodeThatDoesNotExistIsReportedAndTranslatedOnceTheNodeJoins() {
        ChangeSet changes = engine.apply(List.of(K8s.pod(NS, "p1", "n9", "10.9.0.5", null)));

        assertThat(ownedBy(engine, podOwner(NS, "p1"))).isEmpty();
        assertThat(conflicts(changes)).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("spec.nodeName");
            assertThat(p.message()).isEqualTo("there is no Node n9 on the cluster network (no such Node, or a malformed one)");
        });

        changes = engine.apply(List.of(K8s.node("n9", "10.9.0.0/24", HOST_1)));

        assertThat(ownedBy(engine, podOwner(NS, "p1"))).isNotEmpty();
        assertThat(conflicts(changes)).isEmpty();
        assertThat(engine.conflicts()).isEmpty();
    }

    @Test
    void aPodOnANodeWithoutHostIdYetWaitsWithoutConflictAndIsTranslatedOnceTheNodeIsAnnotated() {
        ChangeSet changes = engine.apply(List.of(K8s.node("n9", "10.9.0.0/24", null), K8s.pod(NS, "p1", "n9", "10.9.0.5", null)));

        assertThat(ownedBy(engine, podOwner(NS, "p1"))).isEmpty();
        assertThat(engine.conflicts()).isEmpty();
        assertThat(changes.problems()).extracting(Problem::severity, Problem::object)
                .containsExactly(tuple(Problem.Severity.NOTICE, new ObjectRef("Node", null, "n9")));

        changes = engine.apply(List.of(K8s.node("n9", "10.9.0.0/24", HOST_1)));

        assertThat(ownedBy(engine, podOwner(NS, "p1"))).isNotEmpty();
        assertThat(changes.problems()).isEmpty();
    }

    @Test
    void aPodOnANodeWithoutPodCidrYetWaitsWithoutConflict() {
        engine.apply(List.of(K8s.node("n9", null, HOST_1), K8s.pod(NS, "p1", "n9", "10.9.0.5", null)));

        assertThat(ownedBy(engine, podOwner(NS, "p1"))).isEmpty();
        assertThat(engine.conflicts()).isEmpty();

        engine.apply(List.of(K8s.node("n9", "10.9.0.0/24", HOST_1)));

        assertThat(ownedBy(engine, podOwner(NS, "p1"))).isNotEmpty();
    }

    @Test
    void aPodWhoseWaitingNodeIsDeletedIsReported() {
        Node waiting = K8s.node("n9", "10.9.0.0/24", null);
        engine.apply(List.of(waiting, K8s.pod(NS, "p1", "n9", "10.9.0.5", null)));

        engine.apply(List.of(), List.of(new ObjectRef("Node", null, "n9")));

        assertThat(engine.conflicts()).extracting(Problem::object, Problem::field)
                .containsExactly(tuple(new ObjectRef("Pod", NS, "p1"), "spec.nodeName"));
    }

    @Test
    void aPodOnAMalformedNodeIsReported() {
        engine.apply(List.of(K8s.node("n9", "10.9.0.0/24", "not-a-uuid"), K8s.pod(NS, "p1", "n9", "10.9.0.5", null)));

        assertThat(engine.conflicts()).extracting(Problem::object).containsExactly(new ObjectRef("Pod", NS, "p1"));
    }

    @Test
    void aPodWithoutAnIpYetIsNoConflict() {
        engine.apply(List.of(K8s.node("n1", "10.1.0.0/24", HOST_1)));

        engine.apply(List.of(K8s.pod(NS, "p1", "n1", null, null), K8s.pod(NS, "p2", "n1", null, null)));

        assertThat(engine.conflicts()).isEmpty();
        assertThat(ownedBy(engine, podOwner(NS, "p2"))).isNotEmpty();
    }
}
