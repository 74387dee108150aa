package org.midonet.kube.translate.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.midonet.kube.translate.rules.RulesFixture.HOST_1;
import static org.midonet.kube.translate.rules.RulesFixture.HOST_2;
import static org.midonet.kube.translate.rules.RulesFixture.HOST_3;
import static org.midonet.kube.translate.rules.RulesFixture.all;
import static org.midonet.kube.translate.rules.RulesFixture.changeOf;
import static org.midonet.kube.translate.rules.RulesFixture.changedTranslations;
import static org.midonet.kube.translate.rules.RulesFixture.contentOf;
import static org.midonet.kube.translate.rules.RulesFixture.nodeBridge;
import static org.midonet.kube.translate.rules.RulesFixture.nodeHairpinChain;
import static org.midonet.kube.translate.rules.RulesFixture.ownedBy;
import static org.midonet.kube.translate.rules.RulesFixture.podHairpinSnat;
import static org.midonet.kube.translate.rules.RulesFixture.podInterface;
import static org.midonet.kube.translate.rules.RulesFixture.podOwner;
import static org.midonet.kube.translate.rules.RulesFixture.podPort;
import static org.midonet.kube.translate.rules.RulesFixture.podTranslation;
import static org.midonet.kube.translate.rules.RulesFixture.rulesOf;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.midonet.kube.apply.ApplyPlan;
import org.midonet.kube.facts.ObjectRef;
import org.midonet.kube.midonet.model.Bridge;
import org.midonet.kube.midonet.model.BridgePort;
import org.midonet.kube.midonet.model.ChainRule.FlowAction;
import org.midonet.kube.midonet.model.ChainRule.NatTarget;
import org.midonet.kube.midonet.model.ChainRule;
import org.midonet.kube.midonet.model.HostInterfacePort;
import org.midonet.kube.midonet.model.Ip4MacPair;
import org.midonet.kube.midonet.model.MacPort;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.testing.K8s;
import org.midonet.kube.translate.ChangeSet;
import org.midonet.kube.translate.Ids;
import org.midonet.kube.translate.TranslationEngine;
import org.midonet.kube.translate.TranslationId;

/**
 * pod.drl: a Pod's port on its node's bridge, the bridge's MAC and ARP entries for it, and the hairpin SNAT of
 * its connections to itself in its node's hairpin chain, all in the Pod's one Translation.
 */
class PodRulesTest {
    private static final String NS = "team-a";
    private static final String MAC_1 = "aa:bb:cc:00:00:01";
    private static final String MAC_2 = "aa:bb:cc:00:00:02";
    private static final TranslationId P1 = podTranslation("Pod", "4", NS, "p1", "p1");

    private TranslationEngine engine;

    @BeforeEach
    void newEngineWithTwoNodes() {
        engine = RulesFixture.newEngine();
        engine.apply(List.of(K8s.node("n1", "10.1.0.0/24", HOST_1), K8s.node("n2", "10.2.0.0/24", HOST_2)));
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    // ---- Pod: a port on its node's bridge, bound to the pod's veth ----

    @Test
    void derivesAPortOnItsNodesBridgeBoundToThePodVethOnTheNodesHost() {
        engine.apply(List.of(K8s.pod(NS, "p1", "n1", "10.1.0.5", null)));

        UUID port = podPort(NS, "p1");
        // in apply order: the port, the rule, the binding
        assertThat(contentOf(engine, P1)).containsExactly(
                new BridgePort(nodeBridge("n1"), port, "Bridge", null),
                podHairpinSnat(NS, "p1", "10.1.0.5", "n1", "10.1.0.1"),
                new HostInterfacePort(UUID.fromString(HOST_1), port, podInterface(NS, "p1")));
        assertThat(P1.namespace()).isEqualTo(NS);
    }

    @Test
    void givesPodsOfTheSameNameInOtherNamespacesOtherPortsAndInterfaces() {
        engine.apply(List.of(K8s.pod(NS, "p1", "n1", "10.1.0.5", null), K8s.pod("team-b", "p1", "n1", "10.1.0.6", null)));

        assertThat(all(engine, HostInterfacePort.class)).filteredOn(h -> !h.interfaceName().equals("midokube-mido"))
                .extracting(HostInterfacePort::portId, HostInterfacePort::interfaceName)
                .containsExactlyInAnyOrder(
                        tuple(podPort(NS, "p1"), podInterface(NS, "p1")),
                        tuple(podPort("team-b", "p1"), podInterface("team-b", "p1")));
        assertThat(podInterface(NS, "p1")).hasSize(15); // an interface name has at most 15 characters
    }

    @Test
    void derivesNothingForAPodWhoseNodeHasNoHostId() {
        engine.apply(List.of(K8s.node("n3", "10.3.0.0/24", null), K8s.pod(NS, "p1", "n3", "10.3.0.5", MAC_1)));

        assertThat(ownedBy(engine, podOwner(NS, "p1"))).isEmpty();
    }

    @Test
    void derivesNothingForAPodWhoseNodeHasNoPodCidr() {
        engine.apply(List.of(K8s.node("n3", null, HOST_3), K8s.pod(NS, "p1", "n3", "10.3.0.5", MAC_1)));

        assertThat(ownedBy(engine, podOwner(NS, "p1"))).isEmpty();
    }

    @Test
    void derivesNothingForAPodOnAnUnknownNode() {
        engine.apply(List.of(K8s.pod(NS, "p1", "n9", "10.9.0.5", MAC_1)));

        assertThat(ownedBy(engine, podOwner(NS, "p1"))).isEmpty();
    }

    @Test
    void derivesNothingForAPodThatIsNotScheduledUsesTheHostNetworkOrHasFinished() {
        engine.apply(List.of(
                K8s.pod(NS, "unscheduled", null, null, MAC_1),
                new PodBuilder(K8s.pod(NS, "host-net", "n1", "10.1.0.9", MAC_1)).editSpec().withHostNetwork(true)
                        .endSpec().build(),
                new PodBuilder(K8s.pod(NS, "done", "n1", "10.1.0.7", MAC_1)).editStatus().withPhase("Succeeded")
                        .endStatus().build()));

        assertThat(engine.translations().keySet()).noneMatch(id -> id.owner() != null && id.owner().kind().equals("Pod"));
        assertThat(rulesOf(engine, nodeHairpinChain("n1"))).isEmpty();
    }

    @Test
    void translatesAPodOnceItsNodeJoinsTheNetwork() {
        Pod pod = K8s.pod(NS, "p1", "n3", "10.3.0.5", MAC_1);
        engine.apply(List.of(K8s.node("n3", "10.3.0.0/24", null), pod));

        ChangeSet changes = engine.apply(List.of(K8s.node("n3", "10.3.0.0/24", HOST_3)));

        assertThat(changedTranslations(changes)).contains(P1)
                .filteredOn(id -> id.owner().kind().equals("Pod")).containsExactly(P1);
        assertThat(contentOf(engine, P1)).contains(new BridgePort(nodeBridge("n3"), podPort(NS, "p1"), "Bridge", null),
                podHairpinSnat(NS, "p1", "10.3.0.5", "n3", "10.3.0.1"),
                new MacPort(nodeBridge("n3"), MAC_1, podPort(NS, "p1")), new Ip4MacPair(nodeBridge("n3"), "10.3.0.5", MAC_1));
    }

    @Test
    void deletingAPodRemovesItsTranslationsAndNothingOfAnotherPod() {
        engine.apply(List.of(K8s.pod(NS, "p1", "n1", "10.1.0.5", MAC_1), K8s.pod(NS, "p2", "n1", "10.1.0.6",
                "aa:bb:cc:00:00:02")));
        Map<TranslationId, List<MidonetResource>> p1Before = ownedBy(engine, podOwner(NS, "p1"));
        Map<TranslationId, List<MidonetResource>> othersBefore = RulesFixture.snapshot(engine);
        othersBefore.keySet().removeAll(p1Before.keySet());

        ChangeSet changes = engine.apply(List.of(), List.of(new ObjectRef("Pod", NS, "p1")));

        assertThat(p1Before).containsOnlyKeys(P1);
        assertThat(changedTranslations(changes)).containsExactly(P1);
        assertThat(changes.changes()).allMatch(ChangeSet.Change::deleted);
        assertThat(changes.removed()).hasSize(5) // port, binding, hairpin SNAT, MAC and ARP entries
                .contains(podHairpinSnat(NS, "p1", "10.1.0.5", "n1", "10.1.0.1"));
        assertThat(changes.added()).isEmpty();
        assertThat(engine.translations()).isEqualTo(othersBefore);
    }

    @Test
    void deletingItsNodeRemovesThePodsTranslationsUntilTheNodeIsBack() {
        engine.apply(List.of(K8s.pod(NS, "p1", "n1", "10.1.0.5", MAC_1), K8s.pod(NS, "p2", "n2", "10.2.0.6", null)));
        Map<TranslationId, List<MidonetResource>> p1Before = ownedBy(engine, podOwner(NS, "p1"));

        ChangeSet deleted = engine.apply(List.of(), List.of(new ObjectRef("Node", null, "n1")));

        assertThat(changedTranslations(deleted)).contains(P1)
                .noneMatch(id -> id.owner().name().equals("p2") || id.owner().name().equals("n2"));
        assertThat(ownedBy(engine, podOwner(NS, "p1"))).isEmpty();
        assertThat(ownedBy(engine, podOwner(NS, "p2"))).isNotEmpty();

        engine.apply(List.of(K8s.node("n1", "10.1.0.0/24", HOST_1)));

        assertThat(ownedBy(engine, podOwner(NS, "p1"))).isEqualTo(p1Before);
    }

    @Test
    void aNewHostIdOfItsNodeRebindsThePodOnTheNewHost() {
        engine.apply(List.of(K8s.pod(NS, "p1", "n1", "10.1.0.5", MAC_1)));

        ChangeSet changes = engine.apply(List.of(K8s.node("n1", "10.1.0.0/24", HOST_3)));

        UUID port = podPort(NS, "p1");
        ChangeSet.Change pod = changeOf(changes, P1);
        // the hairpin rule depends on the node's pod CIDR, not on its host: it stays
        assertThat(pod.removed()).containsExactly(new HostInterfacePort(UUID.fromString(HOST_1), port, podInterface(NS, "p1")));
        assertThat(pod.added()).containsExactly(new HostInterfacePort(UUID.fromString(HOST_3), port, podInterface(NS, "p1")));
        // the MAC and ARP entries stay
        assertThat(pod.content()).contains(new MacPort(nodeBridge("n1"), MAC_1, port),
                new Ip4MacPair(nodeBridge("n1"), "10.1.0.5", MAC_1));
    }

    @Test
    void aChangeOfItsNodeThatTheRulesDoNotUseLeavesThePodAlone() {
        engine.apply(List.of(K8s.pod(NS, "p1", "n1", "10.1.0.5", MAC_1)));

        ChangeSet changes = engine.apply(List.of(K8s.nodeBuilder("n1", "10.1.0.0/24", HOST_1).editMetadata()
                .addToAnnotations("midonet.org/mac-address", "aa:bb:cc:99:99:99").endMetadata().build()));

        assertThat(changedTranslations(changes)).isNotEmpty()
                .allSatisfy(id -> assertThat(id.owner().kind()).isEqualTo("Node"));
    }

    @Test
    void reUpsertingAnUnchangedPodChangesNothing() {
        engine.apply(List.of(K8s.pod(NS, "p1", "n1", "10.1.0.5", MAC_1)));

        assertThat(engine.apply(List.of(K8s.pod(NS, "p1", "n1", "10.1.0.5", MAC_1))).isEmpty()).isTrue();
    }

    // ---- Pod: the bridge knows the pod's MAC ----

    @Test
    void theBridgeSendsThePodsMacToThePodsPort() {
        engine.apply(List.of(K8s.pod(NS, "p1", "n1", "10.1.0.5", MAC_1)));

        assertThat(all(engine, MacPort.class)).containsExactly(new MacPort(nodeBridge("n1"), MAC_1, podPort(NS, "p1")));
        assertThat(contentOf(engine, P1)).contains(new MacPort(nodeBridge("n1"), MAC_1, podPort(NS, "p1")));
    }

    @Test
    void thePodsTranslationCreatesThePortBeforeTheEntriesThatReferToIt() {
        engine.apply(List.of(K8s.pod(NS, "p1", "n1", "10.1.0.5", MAC_1)));

        UUID port = podPort(NS, "p1");
        // in apply order (PushOrder.RESOURCES, by kind): the port, the rule, the binding, the MAC entry for the
        // port, the ARP entry; the entries' parent, the node's bridge, is in the Node's Translation
        List<MidonetResource> inOrder = List.of(
                new BridgePort(nodeBridge("n1"), port, "Bridge", null),
                podHairpinSnat(NS, "p1", "10.1.0.5", "n1", "10.1.0.1"),
                new HostInterfacePort(UUID.fromString(HOST_1), port, podInterface(NS, "p1")),
                new MacPort(nodeBridge("n1"), MAC_1, port),
                new Ip4MacPair(nodeBridge("n1"), "10.1.0.5", MAC_1));
        assertThat(contentOf(engine, P1)).containsExactlyElementsOf(inOrder);
        assertThat(ApplyPlan.between(List.of(), contentOf(engine, P1), identity -> false).creates())
                .containsExactlyElementsOf(inOrder);
        assertThat(ownedBy(engine, RulesFixture.nodeOwner("n1")).values()).anySatisfy(content -> assertThat(content)
                .anyMatch(r -> r instanceof Bridge b && b.id().equals(nodeBridge("n1"))));
    }

    @Test
    void aNewMacReplacesTheMacAndArpEntriesInThePodsTranslation() {
        engine.apply(List.of(K8s.pod(NS, "p1", "n1", "10.1.0.5", MAC_1)));
        List<MidonetResource> before = contentOf(engine, P1);

        ChangeSet changes = engine.apply(List.of(K8s.pod(NS, "p1", "n1", "10.1.0.5", MAC_2)));

        UUID port = podPort(NS, "p1");
        assertThat(changedTranslations(changes)).containsExactly(P1);
        ChangeSet.Change pod = changeOf(changes, P1);
        assertThat(pod.deleted()).isFalse();
        assertThat(pod.removed()).containsExactlyInAnyOrder(new MacPort(nodeBridge("n1"), MAC_1, port),
                new Ip4MacPair(nodeBridge("n1"), "10.1.0.5", MAC_1));
        assertThat(pod.added()).containsExactlyInAnyOrder(new MacPort(nodeBridge("n1"), MAC_2, port),
                new Ip4MacPair(nodeBridge("n1"), "10.1.0.5", MAC_2));
        // the port, its binding and the hairpin rule stay; MidoNet gets the new entries, then loses the old ones
        ApplyPlan plan = ApplyPlan.between(before, pod.content(), identity -> false);
        assertThat(plan.creates()).containsExactly(new MacPort(nodeBridge("n1"), MAC_2, port),
                new Ip4MacPair(nodeBridge("n1"), "10.1.0.5", MAC_2));
        assertThat(plan.deletes()).containsExactly(new Ip4MacPair(nodeBridge("n1"), "10.1.0.5", MAC_1),
                new MacPort(nodeBridge("n1"), MAC_1, port));
        assertThat(plan.replaced()).isEmpty();
        assertThat(plan.updates()).isEmpty();
    }

    @Test
    void theBridgeLearnsNothingOfAPodWithoutTheMacAnnotation() {
        engine.apply(List.of(K8s.pod(NS, "p1", "n1", "10.1.0.5", null)));

        assertThat(ownedBy(engine, podOwner(NS, "p1"))).containsOnlyKeys(P1);
        assertThat(all(engine, MacPort.class)).isEmpty();
        assertThat(all(engine, Ip4MacPair.class)).isEmpty();
    }

    @Test
    void droppingTheMacAnnotationRemovesTheMacAndArpEntriesButKeepsThePort() {
        engine.apply(List.of(K8s.pod(NS, "p1", "n1", "10.1.0.5", MAC_1)));

        ChangeSet changes = engine.apply(List.of(K8s.pod(NS, "p1", "n1", "10.1.0.5", null)));

        assertThat(changedTranslations(changes)).containsExactly(P1);
        assertThat(changeOf(changes, P1).deleted()).isFalse();
        assertThat(changes.removed()).containsExactlyInAnyOrder(new MacPort(nodeBridge("n1"), MAC_1, podPort(NS, "p1")),
                new Ip4MacPair(nodeBridge("n1"), "10.1.0.5", MAC_1));
        assertThat(changes.added()).isEmpty();
        assertThat(contentOf(engine, P1)).hasSize(3).anyMatch(BridgePort.class::isInstance);
    }

    @Test
    void movingThePodToAnotherNodeMovesItsPortMacEntryAndHairpinRuleToThatNode() {
        engine.apply(List.of(K8s.pod(NS, "p1", "n1", "10.1.0.5", MAC_1)));

        engine.apply(List.of(K8s.pod(NS, "p1", "n2", "10.2.0.5", MAC_1)));

        UUID port = podPort(NS, "p1");
        assertThat(contentOf(engine, P1)).containsExactly(
                new BridgePort(nodeBridge("n2"), port, "Bridge", null),
                podHairpinSnat(NS, "p1", "10.2.0.5", "n2", "10.2.0.1"),
                new HostInterfacePort(UUID.fromString(HOST_2), port, podInterface(NS, "p1")),
                new MacPort(nodeBridge("n2"), MAC_1, port),
                new Ip4MacPair(nodeBridge("n2"), "10.2.0.5", MAC_1));
    }

    // ---- Pod: the bridge answers ARP for the pod's IP ----

    @Test
    void theBridgeAnswersArpForThePodIpWithThePodMac() {
        engine.apply(List.of(K8s.pod(NS, "p1", "n1", "10.1.0.5", MAC_1)));

        assertThat(all(engine, Ip4MacPair.class)).containsExactly(new Ip4MacPair(nodeBridge("n1"), "10.1.0.5", MAC_1));
        assertThat(contentOf(engine, P1)).contains(new Ip4MacPair(nodeBridge("n1"), "10.1.0.5", MAC_1));
    }

    @Test
    void theBridgeAnswersNoArpForAPodWithoutAnIpYet() {
        engine.apply(List.of(K8s.pod(NS, "p1", "n1", null, MAC_1)));

        assertThat(ownedBy(engine, podOwner(NS, "p1"))).containsOnlyKeys(P1);
        assertThat(contentOf(engine, P1)).contains(new MacPort(nodeBridge("n1"), MAC_1, podPort(NS, "p1")));
        assertThat(all(engine, Ip4MacPair.class)).isEmpty();
    }

    @Test
    void thePodIpArrivingLaterAddsTheArpEntryAndTheHairpinRule() {
        engine.apply(List.of(K8s.pod(NS, "p1", "n1", null, MAC_1)));

        ChangeSet changes = engine.apply(List.of(K8s.pod(NS, "p1", "n1", "10.1.0.5", MAC_1)));

        assertThat(changedTranslations(changes)).containsExactly(P1);
        assertThat(changeOf(changes, P1).added()).containsExactlyInAnyOrder(new Ip4MacPair(nodeBridge("n1"), "10.1.0.5", MAC_1),
                podHairpinSnat(NS, "p1", "10.1.0.5", "n1", "10.1.0.1"));
        assertThat(changes.removed()).isEmpty();
    }

    @Test
    void aNewPodIpReplacesTheArpEntryAndTheHairpinRule() {
        engine.apply(List.of(K8s.pod(NS, "p1", "n1", "10.1.0.5", MAC_1)));

        ChangeSet changes = engine.apply(List.of(K8s.pod(NS, "p1", "n1", "10.1.0.8", MAC_1)));

        assertThat(changedTranslations(changes)).containsExactly(P1);
        assertThat(changes.removed()).containsExactlyInAnyOrder(new Ip4MacPair(nodeBridge("n1"), "10.1.0.5", MAC_1),
                podHairpinSnat(NS, "p1", "10.1.0.5", "n1", "10.1.0.1"));
        assertThat(changes.added()).containsExactlyInAnyOrder(new Ip4MacPair(nodeBridge("n1"), "10.1.0.8", MAC_1),
                podHairpinSnat(NS, "p1", "10.1.0.8", "n1", "10.1.0.1"));
    }

    // ---- Pod: a connection to itself through a Service comes from the gateway ----

    @Test
    void snatsAConnectionOfThePodToItselfToItsNodesGatewayInTheNodesHairpinChain() {
        engine.apply(List.of(K8s.pod(NS, "p1", "n1", "10.1.0.5", null)));

        ChainRule snat = podHairpinSnat(NS, "p1", "10.1.0.5", "n1", "10.1.0.1");
        assertThat(snat.id()).isEqualTo(Ids.subId(podPort(NS, "p1"), "Hairpin SNAT/10.1.0.5/10.1.0.1"));
        assertThat(rulesOf(engine, nodeHairpinChain("n1"))).containsExactly(snat);
        assertThat(snat.match()).isEqualTo(new ChainRule.Match(ChainRule.IPV4, "10.1.0.5", 32, "10.1.0.5", 32, null, null));
        assertThat(snat.natTargets()).containsExactly(new NatTarget("10.1.0.1", "10.1.0.1", 30000, 60000));
        assertThat(snat.flowAction()).isEqualTo(FlowAction.ACCEPT);
        assertThat(snat.position()).isEqualTo(1);
        // in the Pod's Translation only
        assertThat(engine.translations()).allSatisfy((id, content) -> {
            if (!id.equals(P1)) {
                assertThat(content).doesNotContain(snat);
            }
        });
        assertThat(contentOf(engine, P1)).contains(snat);
    }

    @Test
    void derivesNoHairpinRuleForAPodWithoutAnIpYet() {
        engine.apply(List.of(K8s.pod(NS, "p1", "n1", null, MAC_1)));

        UUID port = podPort(NS, "p1");
        assertThat(contentOf(engine, P1)).containsExactly(
                new BridgePort(nodeBridge("n1"), port, "Bridge", null),
                new HostInterfacePort(UUID.fromString(HOST_1), port, podInterface(NS, "p1")),
                new MacPort(nodeBridge("n1"), MAC_1, port));
        assertThat(rulesOf(engine, nodeHairpinChain("n1"))).isEmpty();
    }

    @Test
    void thePodsOfANodeShareItsHairpinChainEachWithItsOwnRuleAtThePositionOfAll() {
        engine.apply(List.of(K8s.pod(NS, "p1", "n1", "10.1.0.5", null), K8s.pod(NS, "p2", "n1", "10.1.0.6", null),
                K8s.pod("team-b", "p1", "n1", "10.1.0.7", null), K8s.pod(NS, "p3", "n2", "10.2.0.5", null)));

        assertThat(rulesOf(engine, nodeHairpinChain("n1"))).containsExactlyInAnyOrder(
                podHairpinSnat(NS, "p1", "10.1.0.5", "n1", "10.1.0.1"),
                podHairpinSnat(NS, "p2", "10.1.0.6", "n1", "10.1.0.1"),
                podHairpinSnat("team-b", "p1", "10.1.0.7", "n1", "10.1.0.1"))
                .extracting(ChainRule::id).doesNotHaveDuplicates();
        assertThat(rulesOf(engine, nodeHairpinChain("n2")))
                .containsExactly(podHairpinSnat(NS, "p3", "10.2.0.5", "n2", "10.2.0.1"));
    }

    @Test
    void aNewPodIpGivesTheHairpinRuleANewId() {
        engine.apply(List.of(K8s.pod(NS, "p1", "n1", "10.1.0.5", null)));
        ChainRule old = rulesOf(engine, nodeHairpinChain("n1")).get(0);

        ChangeSet changes = engine.apply(List.of(K8s.pod(NS, "p1", "n1", "10.1.0.8", null)));

        ChainRule replacement = podHairpinSnat(NS, "p1", "10.1.0.8", "n1", "10.1.0.1");
        assertThat(replacement.id()).isNotEqualTo(old.id());
        assertThat(changedTranslations(changes)).containsExactly(P1);
        assertThat(changes.removed()).containsExactly(old);
        assertThat(changes.added()).containsExactly(replacement);
        assertThat(rulesOf(engine, nodeHairpinChain("n1"))).containsExactly(replacement);
    }

    @Test
    void theHairpinRuleGoesWithThePodAndNoOtherPodsRule() {
        engine.apply(List.of(K8s.pod(NS, "p1", "n1", "10.1.0.5", null), K8s.pod(NS, "p2", "n1", "10.1.0.6", null)));

        ChangeSet changes = engine.apply(List.of(), List.of(new ObjectRef("Pod", NS, "p1")));

        assertThat(changeOf(changes, P1).deleted()).isTrue();
        assertThat(changes.removed()).filteredOn(ChainRule.class::isInstance)
                .containsExactly(podHairpinSnat(NS, "p1", "10.1.0.5", "n1", "10.1.0.1"));
        assertThat(rulesOf(engine, nodeHairpinChain("n1")))
                .containsExactly(podHairpinSnat(NS, "p2", "10.1.0.6", "n1", "10.1.0.1"));
    }

    @Test
    void theHairpinRuleGoesWhenThePodFinishes() {
        engine.apply(List.of(K8s.pod(NS, "p1", "n1", "10.1.0.5", null)));

        engine.apply(List.of(new PodBuilder(K8s.pod(NS, "p1", "n1", "10.1.0.5", null)).editStatus()
                .withPhase("Succeeded").endStatus().build()));

        assertThat(rulesOf(engine, nodeHairpinChain("n1"))).isEmpty();
        assertThat(ownedBy(engine, podOwner(NS, "p1"))).isEmpty();
    }

    @Test
    void movingThePodToAnotherNodeMovesTheHairpinRuleToThatNodesChainAndGateway() {
        engine.apply(List.of(K8s.pod(NS, "p1", "n1", "10.1.0.5", null)));

        ChangeSet changes = engine.apply(List.of(K8s.pod(NS, "p1", "n2", "10.2.0.5", null)));

        ChainRule moved = podHairpinSnat(NS, "p1", "10.2.0.5", "n2", "10.2.0.1");
        assertThat(changeOf(changes, P1).removed()).contains(podHairpinSnat(NS, "p1", "10.1.0.5", "n1", "10.1.0.1"));
        assertThat(changeOf(changes, P1).added()).contains(moved);
        assertThat(rulesOf(engine, nodeHairpinChain("n1"))).isEmpty();
        assertThat(rulesOf(engine, nodeHairpinChain("n2"))).containsExactly(moved);
    }

    @Test
    void aNewPodCidrOfItsNodeLeavesThePodOutUntilItsAddressIsInTheNewCidr() {
        engine.apply(List.of(K8s.pod(NS, "p1", "n1", "10.1.0.5", null)));

        // the pod's address is outside the new pod CIDR: a conflict (conflicts.drl), the pod derives nothing
        ChangeSet changes = engine.apply(List.of(K8s.node("n1", "10.9.0.0/24", HOST_1)));
        assertThat(changeOf(changes, P1).deleted()).isTrue();

        changes = engine.apply(List.of(K8s.pod(NS, "p1", "n1", "10.9.0.5", null)));
        assertThat(changeOf(changes, P1).added()).contains(podHairpinSnat(NS, "p1", "10.9.0.5", "n1", "10.9.0.1"));
    }

    @Test
    void deletingItsNodeRemovesTheHairpinRuleWithTheNodesChain() {
        engine.apply(List.of(K8s.pod(NS, "p1", "n1", "10.1.0.5", null)));

        ChangeSet changes = engine.apply(List.of(), List.of(new ObjectRef("Node", null, "n1")));

        assertThat(changeOf(changes, P1).removed()).contains(podHairpinSnat(NS, "p1", "10.1.0.5", "n1", "10.1.0.1"));
        assertThat(rulesOf(engine, nodeHairpinChain("n1"))).isEmpty();
        assertThat(all(engine, ChainRule.class)).noneMatch(r -> r.type() == ChainRule.Type.SNAT
                && "10.1.0.5".equals(r.nwSrcAddress()));
    }
}
