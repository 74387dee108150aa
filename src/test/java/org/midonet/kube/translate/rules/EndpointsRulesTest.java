package org.midonet.kube.translate.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.midonet.kube.testing.K8s.endpoint;
import static org.midonet.kube.translate.rules.RulesFixture.SERVICES_CHAIN;
import static org.midonet.kube.translate.rules.RulesFixture.all;
import static org.midonet.kube.translate.rules.RulesFixture.changeOf;
import static org.midonet.kube.translate.rules.RulesFixture.changedTranslations;
import static org.midonet.kube.translate.rules.RulesFixture.contentOf;
import static org.midonet.kube.translate.rules.RulesFixture.ofType;
import static org.midonet.kube.translate.rules.RulesFixture.ownedBy;
import static org.midonet.kube.translate.rules.RulesFixture.rulesOf;
import static org.midonet.kube.translate.rules.RulesFixture.serviceOwner;
import static org.midonet.kube.translate.rules.RulesFixture.servicePortChain;
import static org.midonet.kube.translate.rules.RulesFixture.serviceTranslation;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.midonet.kube.facts.ObjectRef;
import org.midonet.kube.midonet.model.Chain;
import org.midonet.kube.midonet.model.ChainRule.FlowAction;
import org.midonet.kube.midonet.model.ChainRule.NatTarget;
import org.midonet.kube.midonet.model.ChainRule.PortRange;
import org.midonet.kube.midonet.model.ChainRule;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.testing.K8s;
import org.midonet.kube.translate.ChangeSet;
import org.midonet.kube.translate.TranslationEngine;
import org.midonet.kube.translate.TranslationId;

/**
 * endpoints.drl: which endpoints serve a Service port, and the DNAT to them, in the Service's one Translation
 * with its chains and jumps. The hairpin SNATs are no longer per Service and endpoint but per pod, in its node's
 * hairpin chain (pod.drl): endpoints change no hairpin rule.
 */
class EndpointsRulesTest extends EngineRulesTest {
    private static final String NS = "team-a";
    private static final String CLUSTER_IP = "10.96.0.20";
    private static final UUID HTTP_CHAIN = servicePortChain(NS, "web", "http");
    private static final TranslationId WEB = serviceTranslation("Service", NS, "web", "web");

    // ---- Endpoints: select the backends of each Service port ----

    @Test
    void dnatsOnlyToReadyEndpoints() {
        engine.apply(List.of(web(), K8s.sliceWith(NS, "web", "web-1", List.of(
                endpoint("10.1.0.5", true, true, false),
                endpoint("10.1.0.6", false, false, false),
                endpoint("10.1.0.7", false, true, true)), "http/TCP/8080")));

        assertThat(dnat(HTTP_CHAIN).natTargets()).containsExactly(target("10.1.0.5", 8080));
    }

    @Test
    void dnatsToServingTerminatingEndpointsWhenNoneIsReady() {
        engine.apply(List.of(web(), K8s.sliceWith(NS, "web", "web-1", List.of(
                endpoint("10.1.0.6", false, false, false),
                endpoint("10.1.0.7", false, true, true),
                endpoint("10.1.0.8", false, false, true),
                endpoint("10.1.0.9", false, true, false)), "http/TCP/8080")));

        assertThat(dnat(HTTP_CHAIN).natTargets()).containsExactly(target("10.1.0.7", 8080));
    }

    @Test
    void derivesNoBackendsWhenNoEndpointIsReadyOrServingWhileTerminating() {
        engine.apply(List.of(web(), K8s.sliceWith(NS, "web", "web-1", List.of(
                endpoint("10.1.0.6", false, false, false),
                endpoint("10.1.0.8", false, false, true)), "http/TCP/8080")));

        assertThat(dnatsOf(WEB)).isEmpty();
        assertChainAndJumpOnly(WEB);
        assertThat(rulesOf(engine, HTTP_CHAIN)).isEmpty();
    }

    @Test
    void aReadyEndpointInOneSliceOutranksTerminatingOnesInAnother() {
        engine.apply(List.of(web(),
                K8s.sliceWith(NS, "web", "web-old", List.of(endpoint("10.1.0.7", false, true, true)), "http/TCP/8080"),
                K8s.slice(NS, "web", "web-new", List.of("10.2.0.5"), "http/TCP/8080")));

        assertThat(dnat(HTTP_CHAIN).natTargets()).containsExactly(target("10.2.0.5", 8080));
    }

    @Test
    void mergesTheEndpointsOfAllSlicesOfTheServiceInAddressOrder() {
        engine.apply(List.of(web(),
                K8s.slice(NS, "web", "web-1", List.of("10.2.0.5"), "http/TCP/8080"),
                K8s.slice(NS, "web", "web-2", List.of("10.1.0.10", "10.1.0.5"), "http/TCP/8080")));

        assertThat(rulesOf(engine, HTTP_CHAIN)).filteredOn(r -> r.type() == ChainRule.Type.DNAT).hasSize(1);
        assertThat(dnat(HTTP_CHAIN).natTargets()).containsExactly(
                target("10.1.0.5", 8080), target("10.1.0.10", 8080), target("10.2.0.5", 8080));
    }

    @Test
    void deletingOneSliceKeepsTheBackendsOfTheOthers() {
        engine.apply(List.of(web(),
                K8s.slice(NS, "web", "web-1", List.of("10.1.0.5"), "http/TCP/8080"),
                K8s.slice(NS, "web", "web-2", List.of("10.2.0.5"), "http/TCP/8080")));
        ChainRule before = dnat(HTTP_CHAIN);

        ChangeSet changes = engine.apply(List.of(), List.of(new ObjectRef("EndpointSlice", NS, "web-2")));

        assertThat(changedTranslations(changes)).containsExactly(WEB);
        assertThat(changes.removed()).containsExactly(before);
        assertThat(changes.added()).singleElement().isEqualTo(dnat(HTTP_CHAIN));
        assertThat(dnat(HTTP_CHAIN).natTargets()).containsExactly(target("10.1.0.5", 8080));
        assertThat(dnatsOf(WEB)).containsExactly(dnat(HTTP_CHAIN));
    }

    @Test
    void takesTheReadyAddressesOfV1Endpoints() {
        Endpoints endpoints = new EndpointsBuilder(K8s.endpoints(NS, "web", List.of("10.1.0.5", "10.1.0.6"),
                "http/TCP/8080")).editFirstSubset().addNewNotReadyAddress().withIp("10.1.0.7").endNotReadyAddress()
                .endSubset().build();

        engine.apply(List.of(web(), endpoints));

        assertThat(dnat(HTTP_CHAIN).natTargets()).containsExactly(target("10.1.0.5", 8080), target("10.1.0.6", 8080));
        assertThat(rulesOf(engine, HTTP_CHAIN)).containsExactly(dnat(HTTP_CHAIN));
    }

    @Test
    void derivesNoBackendsFromV1EndpointsWithOnlyNotReadyAddresses() {
        Endpoints endpoints = new EndpointsBuilder(K8s.endpoints(NS, "web", List.of(), "http/TCP/8080"))
                .editFirstSubset().addNewNotReadyAddress().withIp("10.1.0.7").endNotReadyAddress().endSubset().build();

        engine.apply(List.of(web(), endpoints));

        assertThat(dnatsOf(WEB)).isEmpty();
        assertChainAndJumpOnly(WEB);
    }

    @Test
    void deletingV1EndpointsRemovesTheirBackends() {
        engine.apply(List.of(web(), K8s.endpoints(NS, "web", List.of("10.1.0.5"), "http/TCP/8080")));
        ChainRule before = dnat(HTTP_CHAIN);

        ChangeSet changes = engine.apply(List.of(), List.of(new ObjectRef("Endpoints", NS, "web")));

        assertThat(changedTranslations(changes)).containsExactly(WEB);
        assertThat(changeOf(changes, WEB).removed()).containsExactly(before);
        assertThat(changes.added()).isEmpty();
        assertChainAndJumpOnly(WEB);
    }

    @Test
    void mergesTheSubsetsOfV1Endpoints() {
        Endpoints endpoints = new EndpointsBuilder(K8s.endpoints(NS, "web", List.of("10.1.0.5"), "http/TCP/8080"))
                .addNewSubset().addNewAddress().withIp("10.2.0.5").endAddress()
                .addNewPort().withName("http").withProtocol("TCP").withPort(8081).endPort().endSubset().build();

        engine.apply(List.of(web(), endpoints));

        assertThat(dnat(HTTP_CHAIN).natTargets()).containsExactly(target("10.1.0.5", 8080), target("10.2.0.5", 8081));
    }

    @Test
    void matchesAnUnnamedServicePortWithTheUnnamedEndpointPort() {
        UUID unnamedChain = servicePortChain(NS, "web", "");
        engine.apply(List.of(K8s.service(NS, "web", CLUSTER_IP, K8s.port(null, "TCP", 80)),
                K8s.slice(NS, "web", "web-1", List.of("10.1.0.5"), "/TCP/8080")));

        assertThat(dnat(unnamedChain).natTargets()).containsExactly(target("10.1.0.5", 8080));
        assertThat(dnatsOf(WEB)).containsExactly(dnat(unnamedChain));
    }

    @Test
    void givesEachServicePortTheBackendsOfItsOwnEndpointPort() {
        Service service = K8s.service(NS, "web", CLUSTER_IP, K8s.port("http", "TCP", 80), K8s.port("metrics", "TCP", 9090));
        engine.apply(List.of(service,
                K8s.slice(NS, "web", "web-1", List.of("10.1.0.5"), "http/TCP/8080", "metrics/TCP/9100")));

        UUID metricsChain = servicePortChain(NS, "web", "metrics");
        assertThat(dnat(HTTP_CHAIN).natTargets()).containsExactly(target("10.1.0.5", 8080));
        assertThat(dnat(metricsChain).natTargets()).containsExactly(target("10.1.0.5", 9100));
        assertThat(dnat(metricsChain).tpDst()).isEqualTo(PortRange.of(9090));
        assertThat(rulesOf(engine, metricsChain)).containsExactly(dnat(metricsChain));
        assertThat(dnatsOf(WEB)).containsExactlyInAnyOrder(dnat(HTTP_CHAIN), dnat(metricsChain));
        assertThat(dnat(HTTP_CHAIN).id()).isNotEqualTo(dnat(metricsChain).id());
    }

    @Test
    void ignoresAnEndpointPortOfTheSameNameButAnotherProtocol() {
        engine.apply(List.of(K8s.service(NS, "web", CLUSTER_IP, K8s.port("dns", "UDP", 53)),
                K8s.slice(NS, "web", "web-1", List.of("10.1.0.5"), "dns/TCP/53")));

        assertThat(ownedBy(engine, serviceOwner(NS, "web"))).containsOnlyKeys(WEB);
        assertThat(dnatsOf(WEB)).isEmpty();
        assertChainAndJumpOnly(WEB);
    }

    @Test
    void ignoresTheEndpointsOfAServiceOfTheSameNameInAnotherNamespace() {
        engine.apply(List.of(web(), K8s.slice("team-b", "web", "web-1", List.of("10.1.0.5"), "http/TCP/8080")));

        assertChainAndJumpOnly(WEB);
        assertThat(all(engine, ChainRule.class)).noneMatch(r -> r.type() == ChainRule.Type.DNAT);
    }

    @Test
    void endpointsWithoutTheirServiceDeriveNothingUntilTheServiceArrives() {
        ChangeSet first = engine.apply(List.of(K8s.slice(NS, "web", "web-1", List.of("10.1.0.5"), "http/TCP/8080")));
        assertThat(changedTranslations(first)).allMatch(TranslationId::global);

        ChangeSet changes = engine.apply(List.of(web()));

        assertThat(changedTranslations(changes)).contains(WEB);
        assertThat(dnat(HTTP_CHAIN).natTargets()).containsExactly(target("10.1.0.5", 8080));
        assertThat(changeOf(changes, WEB).added()).contains(dnat(HTTP_CHAIN));
    }

    @Test
    void aServiceWithoutEndpointsHasItsChainAndJumpButNoBackends() {
        engine.apply(List.of(web()));

        assertThat(ownedBy(engine, serviceOwner(NS, "web"))).containsOnlyKeys(WEB);
        assertThat(contentOf(engine, WEB)).contains(new Chain(HTTP_CHAIN, "KUBE-SVC-team-a/web/http", "midonetkube"));
        assertChainAndJumpOnly(WEB);
        assertThat(rulesOf(engine, HTTP_CHAIN)).isEmpty();
    }

    // ---- Endpoints: DNAT new connections to any backend ----

    @Test
    void dnatsNewConnectionsToTheClusterIpAndPortToAnyBackendAndContinues() {
        engine.apply(List.of(web(), K8s.slice(NS, "web", "web-1", List.of("10.1.0.5", "10.2.0.5"), "http/TCP/8080")));

        ChainRule dnat = dnat(HTTP_CHAIN);
        assertThat(dnat.chainId()).isEqualTo(HTTP_CHAIN);
        assertThat(dnat.position()).isEqualTo(1);
        assertThat(dnat.match()).isEqualTo(new ChainRule.Match(ChainRule.IPV4, null, null, CLUSTER_IP, 32, 6,
                PortRange.of(80)));
        assertThat(dnat.flowAction()).isEqualTo(FlowAction.CONTINUE);
        assertThat(dnat.natTargets()).containsExactly(target("10.1.0.5", 8080), target("10.2.0.5", 8080));
        assertThat(dnat.jumpChainId()).isNull();
        assertThat(contentOf(engine, WEB)).contains(dnat); // checks the owner too: the Service
    }

    @Test
    void matchesTheServicePortsProtocolInTheDnat() {
        engine.apply(List.of(K8s.service(NS, "web", CLUSTER_IP, K8s.port("dns", "UDP", 53), K8s.port("sig", "SCTP", 3868)),
                K8s.slice(NS, "web", "web-1", List.of("10.1.0.5"), "dns/UDP/5353", "sig/SCTP/3868")));

        assertThat(dnat(servicePortChain(NS, "web", "dns")).nwProto()).isEqualTo(17);
        assertThat(dnat(servicePortChain(NS, "web", "sig")).nwProto()).isEqualTo(132);
        assertThat(dnat(servicePortChain(NS, "web", "dns")).natTargets()).containsExactly(target("10.1.0.5", 5353));
    }

    @Test
    void theDnatIdDependsOnTheTargetSetNotOnHowTheSlicesListIt() {
        engine.apply(List.of(web(), K8s.slice(NS, "web", "web-1", List.of("10.1.0.5", "10.2.0.5"), "http/TCP/8080")));
        UUID id = dnat(HTTP_CHAIN).id();

        try (TranslationEngine other = RulesFixture.newEngine()) {
            other.apply(List.of(web(),
                    K8s.slice(NS, "web", "a", List.of("10.2.0.5"), "http/TCP/8080"),
                    K8s.slice(NS, "web", "b", List.of("10.1.0.5"), "http/TCP/8080")));
            assertThat(rulesOf(other, HTTP_CHAIN).get(0).id()).isEqualTo(id);
        }
        assertThat(id.version()).isEqualTo(5);
    }

    @Test
    void aChangedEndpointSetYieldsADnatWithANewIdAndRemovesTheOldOne() {
        engine.apply(List.of(web(), K8s.slice(NS, "web", "web-1", List.of("10.1.0.5"), "http/TCP/8080")));
        ChainRule old = dnat(HTTP_CHAIN);

        ChangeSet changes = engine.apply(List.of(
                K8s.slice(NS, "web", "web-1", List.of("10.1.0.5", "10.1.0.6"), "http/TCP/8080")));

        ChainRule replacement = dnat(HTTP_CHAIN);
        assertThat(replacement.id()).isNotEqualTo(old.id());
        assertThat(changedTranslations(changes)).containsExactly(WEB);
        assertThat(changes.removed()).containsExactly(old);
        assertThat(changes.added()).containsExactly(replacement);
        assertThat(rulesOf(engine, HTTP_CHAIN)).containsExactly(replacement);
    }

    @Test
    void aNewTargetPortYieldsADnatWithANewId() {
        engine.apply(List.of(web(), K8s.slice(NS, "web", "web-1", List.of("10.1.0.5"), "http/TCP/8080")));
        ChainRule old = dnat(HTTP_CHAIN);

        ChangeSet changes = engine.apply(List.of(K8s.slice(NS, "web", "web-1", List.of("10.1.0.5"), "http/TCP/8081")));

        assertThat(changes.removed()).containsExactly(old);
        assertThat(changes.added()).singleElement().satisfies(r -> {
            assertThat(((ChainRule) r).id()).isNotEqualTo(old.id());
            assertThat(((ChainRule) r).natTargets()).containsExactly(target("10.1.0.5", 8081));
        });
    }

    @Test
    void anEndpointThatStopsBeingReadyLeavesTheDnat() {
        engine.apply(List.of(web(), K8s.slice(NS, "web", "web-1", List.of("10.1.0.5", "10.1.0.6"), "http/TCP/8080")));

        engine.apply(List.of(K8s.sliceWith(NS, "web", "web-1", List.of(
                endpoint("10.1.0.5", true, true, false),
                endpoint("10.1.0.6", false, false, false)), "http/TCP/8080")));

        assertThat(dnat(HTTP_CHAIN).natTargets()).containsExactly(target("10.1.0.5", 8080));
        assertThat(rulesOf(engine, HTTP_CHAIN)).containsExactly(dnat(HTTP_CHAIN));
    }

    @Test
    void reUpsertingAnUnchangedSliceChangesNothing() {
        engine.apply(List.of(web(), K8s.slice(NS, "web", "web-1", List.of("10.1.0.5", "10.1.0.6"), "http/TCP/8080")));

        ChangeSet same = engine.apply(List.of(K8s.slice(NS, "web", "web-1", List.of("10.1.0.5", "10.1.0.6"),
                "http/TCP/8080")));
        ChangeSet reordered = engine.apply(List.of(K8s.slice(NS, "web", "web-1", List.of("10.1.0.6", "10.1.0.5"),
                "http/TCP/8080")));

        assertThat(same.isEmpty()).isTrue();
        assertThat(reordered.isEmpty()).isTrue();
    }

    @Test
    void deletingTheLastSliceRemovesTheDnatButNotTheChainOrJump() {
        engine.apply(List.of(web(), K8s.slice(NS, "web", "web-1", List.of("10.1.0.5"), "http/TCP/8080")));
        List<ChainRule> dnats = dnatsOf(WEB);

        ChangeSet changes = engine.apply(List.of(), List.of(new ObjectRef("EndpointSlice", NS, "web-1")));

        assertThat(changedTranslations(changes)).containsExactly(WEB);
        assertThat(changeOf(changes, WEB).deleted()).isFalse();
        assertThat(changes.removed()).hasSize(1).containsExactlyInAnyOrderElementsOf(dnats);
        assertThat(changes.added()).isEmpty();
        assertChainAndJumpOnly(WEB);
    }

    @Test
    void deletingTheServiceRemovesItsBackendsWhileItsSlicesRemain() {
        engine.apply(List.of(web(), K8s.slice(NS, "web", "web-1", List.of("10.1.0.5"), "http/TCP/8080"),
                K8s.service(NS, "db", "10.96.0.30", K8s.port("pg", "TCP", 5432)),
                K8s.slice(NS, "db", "db-1", List.of("10.1.0.9"), "pg/TCP/5432")));
        Map<TranslationId, List<MidonetResource>> webBefore = ownedBy(engine, serviceOwner(NS, "web"));
        Map<TranslationId, List<MidonetResource>> dbBefore = ownedBy(engine, serviceOwner(NS, "db"));

        ChangeSet deleted = engine.apply(List.of(), List.of(new ObjectRef("Service", NS, "web")));

        assertThat(changedTranslations(deleted)).containsExactly(WEB);
        assertThat(changeOf(deleted, WEB).deleted()).isTrue();
        assertThat(changeOf(deleted, WEB).removed()).hasSize(3) // chain, jump, DNAT
                .containsExactlyInAnyOrderElementsOf(webBefore.get(WEB));
        assertThat(ownedBy(engine, serviceOwner(NS, "db"))).isEqualTo(dbBefore);

        engine.apply(List.of(web()));

        assertThat(ownedBy(engine, serviceOwner(NS, "web"))).isEqualTo(webBefore);
    }

    // ---- one Translation per Service: its chains, the jumps into them and its DNATs ----

    @Test
    void aServiceWithTwoPortsAndEndpointsDerivesOneTranslationWithTwoChainsTwoJumpsAndTwoDnats() {
        Service service = K8s.service(NS, "web", CLUSTER_IP, K8s.port("http", "TCP", 80), K8s.port("metrics", "TCP", 9090));
        engine.apply(List.of(service, K8s.slice(NS, "web", "web-1", List.of("10.1.0.5", "10.1.0.6"),
                "http/TCP/8080", "metrics/TCP/9100")));

        UUID metricsChain = servicePortChain(NS, "web", "metrics");
        assertThat(engine.translations().keySet()).filteredOn(id -> !id.global()).containsExactly(WEB);
        List<MidonetResource> content = contentOf(engine, WEB);
        assertThat(content).hasSize(6);
        assertThat(ofType(content, Chain.class)).extracting(Chain::id).containsExactlyInAnyOrder(HTTP_CHAIN, metricsChain);
        List<ChainRule> rules = ofType(content, ChainRule.class);
        assertThat(rules).filteredOn(r -> r.type() == ChainRule.Type.JUMP).hasSize(2)
                .allSatisfy(jump -> assertThat(jump.chainId()).isEqualTo(SERVICES_CHAIN))
                .extracting(ChainRule::jumpChainId, ChainRule::tpDst)
                .containsExactlyInAnyOrder(tuple(HTTP_CHAIN, PortRange.of(80)), tuple(metricsChain, PortRange.of(9090)));
        assertThat(rules).filteredOn(r -> r.type() == ChainRule.Type.DNAT)
                .containsExactlyInAnyOrder(dnat(HTTP_CHAIN), dnat(metricsChain));
        assertThat(dnat(metricsChain).natTargets()).containsExactly(target("10.1.0.5", 9100), target("10.1.0.6", 9100));
    }

    // ---- no hairpin rules among a Service's: they belong to the pods ----

    @Test
    void thePortChainHoldsOnlyTheDnatAndTheServiceTranslationOnlyItsJumpAndDnat() {
        engine.apply(List.of(web(), K8s.slice(NS, "web", "web-1", List.of("10.1.0.5", "10.1.0.6", "10.2.0.5"),
                "http/TCP/8080")));

        ChainRule dnat = dnat(HTTP_CHAIN);
        assertThat(rulesOf(engine, HTTP_CHAIN)).containsExactly(dnat);
        assertThat(ofType(contentOf(engine, WEB), ChainRule.class)).hasSize(2).contains(dnat)
                .filteredOn(r -> !r.equals(dnat)).singleElement().satisfies(jump -> {
                    assertThat(jump.chainId()).isEqualTo(SERVICES_CHAIN);
                    assertThat(jump.type()).isEqualTo(ChainRule.Type.JUMP);
                    assertThat(jump.jumpChainId()).isEqualTo(HTTP_CHAIN);
                });
        assertThat(dnat.position()).isEqualTo(1);
        assertThat(dnat.flowAction()).isEqualTo(FlowAction.CONTINUE);
        assertThat(all(engine, ChainRule.class)).noneMatch(r -> r.type() == ChainRule.Type.SNAT);
    }

    @Test
    void aServiceWithManyEndpointsStillHasOneTranslationWithOneDnatPerPort() {
        List<String> ips = addresses(600);
        engine.apply(List.of(web(), K8s.slice(NS, "web", "web-1", ips, "http/TCP/8080")));

        assertThat(ownedBy(engine, serviceOwner(NS, "web"))).containsOnlyKeys(WEB);
        assertThat(contentOf(engine, WEB)).hasSize(3); // the port's chain, its jump and its DNAT
        assertThat(dnatsOf(WEB)).singleElement()
                .satisfies(r -> assertThat(r.natTargets())
                        .containsExactlyInAnyOrderElementsOf(ips.stream().map(ip -> target(ip, 8080)).toList()));
    }

    @Test
    void anEndpointChangeTouchesNoHairpinRule() {
        engine.apply(List.of(K8s.node("n1", "10.1.0.0/24", RulesFixture.HOST_1),
                K8s.node("n2", "10.2.0.0/24", RulesFixture.HOST_2),
                K8s.pod(NS, "web-a", "n1", "10.1.0.5", null), K8s.pod(NS, "web-b", "n1", "10.1.0.6", null),
                K8s.pod(NS, "web-c", "n2", "10.2.0.5", null),
                web(), K8s.slice(NS, "web", "web-1", List.of("10.1.0.5", "10.1.0.6"), "http/TCP/8080")));
        List<ChainRule> hairpinRulesBefore = hairpinRules();
        assertThat(hairpinRulesBefore).hasSize(2 + 3); // a jump per node, an SNAT per pod

        ChangeSet changed = engine.apply(List.of(
                K8s.slice(NS, "web", "web-1", List.of("10.1.0.5", "10.2.0.5"), "http/TCP/8080")));
        ChangeSet deleted = engine.apply(List.of(), List.of(new ObjectRef("EndpointSlice", NS, "web-1")));

        assertThat(changedTranslations(changed)).containsExactly(WEB);
        assertThat(changed.removed()).singleElement().satisfies(r -> assertThat(((ChainRule) r).type())
                .isEqualTo(ChainRule.Type.DNAT));
        assertThat(changed.added()).singleElement().satisfies(r -> assertThat(((ChainRule) r).type())
                .isEqualTo(ChainRule.Type.DNAT));
        assertThat(changedTranslations(deleted)).containsExactly(WEB);
        assertThat(hairpinRules()).containsExactlyInAnyOrderElementsOf(hairpinRulesBefore);
    }

    @Test
    void deletingTheServiceLeavesThePodsHairpinRules() {
        engine.apply(List.of(K8s.node("n1", "10.1.0.0/24", RulesFixture.HOST_1), K8s.pod(NS, "web-a", "n1", "10.1.0.5", null),
                web(), K8s.slice(NS, "web", "web-1", List.of("10.1.0.5"), "http/TCP/8080")));
        List<ChainRule> hairpinRulesBefore = hairpinRules();

        ChangeSet changes = engine.apply(List.of(), List.of(new ObjectRef("Service", NS, "web")));

        assertThat(changedTranslations(changes)).containsExactly(WEB);
        assertThat(changes.changes()).allMatch(ChangeSet.Change::deleted);
        assertThat(hairpinRules()).isNotEmpty().containsExactlyInAnyOrderElementsOf(hairpinRulesBefore);
    }

    // ---- helpers ----

    private static Service web() {
        return K8s.service(NS, "web", CLUSTER_IP, K8s.port("http", "TCP", 80));
    }

    /** The DNAT rules a Translation holds. */
    private List<ChainRule> dnatsOf(TranslationId id) {
        return ofType(contentOf(engine, id), ChainRule.class).stream().filter(r -> r.type() == ChainRule.Type.DNAT)
                .toList();
    }

    /** A one-port Service's Translation holds its chain and the jump into it from KUBE-SERVICES, and no DNAT. */
    private void assertChainAndJumpOnly(TranslationId id) {
        List<MidonetResource> content = contentOf(engine, id);
        assertThat(ofType(content, Chain.class)).singleElement();
        assertThat(ofType(content, ChainRule.class)).singleElement().satisfies(jump -> {
            assertThat(jump.type()).isEqualTo(ChainRule.Type.JUMP);
            assertThat(jump.chainId()).isEqualTo(SERVICES_CHAIN);
            assertThat(jump.jumpChainId()).isEqualTo(ofType(content, Chain.class).get(0).id());
        });
        assertThat(content).hasSize(2);
    }

    /** n distinct endpoint addresses. */
    private static List<String> addresses(int n) {
        List<String> ips = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ips.add("10.1." + (i / 250) + "." + (i % 250 + 1));
        }
        return ips;
    }

    private static NatTarget target(String ip, int port) {
        return new NatTarget(ip, ip, port, port);
    }

    /** The one DNAT rule of a port chain. */
    private ChainRule dnat(UUID chain) {
        List<ChainRule> dnats = rulesOf(engine, chain).stream().filter(r -> r.type() == ChainRule.Type.DNAT).toList();
        assertThat(dnats).as("DNAT rules of chain " + chain).hasSize(1);
        return dnats.get(0);
    }

    /** The rules of KUBE-HAIRPIN and of every node's hairpin chain. */
    private List<ChainRule> hairpinRules() {
        List<UUID> chains = all(engine, Chain.class).stream().filter(c -> c.name().startsWith("KUBE-HAIRPIN"))
                .map(Chain::id).toList();
        return all(engine, ChainRule.class).stream().filter(r -> chains.contains(r.chainId())).toList();
    }
}
